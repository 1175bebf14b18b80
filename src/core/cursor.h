// Opaque keyset-pagination cursors: the sort key of the last row seen plus its id, hex-encoded
// so that any text (kana, timestamps) survives a URL unchanged.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace core {

std::string EncodeCursor(std::string_view sort_key, std::string_view id);
/// (sort key, id), or nullopt for a malformed cursor.
std::optional<std::pair<std::string, std::string>> DecodeCursor(std::string_view cursor);

}  // namespace core
