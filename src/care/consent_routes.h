// HTTP routes of consent records (docs/care-api.md "Consent").
#pragma once

#include "http/router.h"

namespace care {

class ConsentService;

void RegisterConsentRoutes(http::Router& router, ConsentService& consents);

}  // namespace care
