// HTTP routes of the directory.
#pragma once

#include "http/router.h"

namespace directory {

class Service;
class Importer;

void RegisterRoutes(http::Router& router, Service& service, Importer& importer);

}  // namespace directory
