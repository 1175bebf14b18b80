// HTTP routes of the auth module.
#pragma once

#include "http/router.h"

namespace auth {

class AuthService;

/// `secure_cookies`: add the Secure attribute (when served over TLS).
void RegisterRoutes(http::Router& router, AuthService& service, bool secure_cookies);

}  // namespace auth
