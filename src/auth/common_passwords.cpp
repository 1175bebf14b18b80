// The list of common passwords that CheckPasswordPolicy refuses. Compiled by the Tsunagari team
// from the kinds of passwords that top every published leak: keyboard walks, "password" and its
// spellings, "abc123" and repeated or counted digits, dates, favourite words, names and teams,
// with Japanese romaji favourites (sakura, tokyo, doraemon …) and words of our users' own trade
// (kango, kaigo, byouin …). Entries are ASCII lower-case and at least 4 characters long; the
// policy lower-cases the password, strips digits and symbols around a word and undoes common
// letter substitutions before looking here, so "Sakura2024!" or "P@ssw0rd" need no entry.
// Keep the array sorted: the static_asserts below refuse to compile it otherwise.
#include <algorithm>
#include <array>
#include <string_view>

#include "auth/password.h"

namespace auth::internal {
namespace {

constexpr auto kCommonPasswords = std::to_array<std::string_view>({
    "0000000000",   "0000011111",   "01/01/2000",  "0101010101",   "0123456789", "0987654321",
    "1010101010",   "1111111111",   "1111122222",  "1122334455",   "1212121212", "1231231231",
    "123123123123", "1231231234",   "1234512345",  "123456123456", "1234567890", "1234567890a",
    "12345678910",  "1234567899",   "123456789a",  "1234qwer",     "123qwe",     "123qweasd",
    "1357924680",   "1472583690",   "1597534682",  "1970-01-01",   "1q1q1q1q",   "1q2w3e4r",
    "1q2w3e4r5t",   "1q2w3e4r5t6y", "1qaz2wsx",    "1qaz2wsx3edc", "2000-01-01", "2000/01/01",
    "2020-01-01",   "2222222222",   "5555555555",  "7418529630",   "7777777777", "8888888888",
    "9638527410",   "9876543210",   "9999999999",  "a1b2c3d4",     "a1b2c3d4e5", "aa123456",
    "aaaa",         "aaaaaa",       "aaaaaaaaaa",  "abc123",       "abc12345",   "abc123456",
    "abcabc",       "abcabcabc",    "abcd1234",    "abcdabcd",     "abcdef",     "abcdefg",
    "abcdefgh",     "abcdefghi",    "abcdefghij",  "admin",        "adminadmin", "administrator",
    "aishiteru",    "akira",        "andrew",      "android",      "angel",      "anpanman",
    "antlers",      "apple",        "apple123",    "arigato",      "arigatou",   "arsenal",
    "asd123",       "asdf",         "asdfasdf",    "asdfgh",       "asdfghjk",   "asdfghjkl",
    "ashley",       "autumn",       "baby",        "banana",       "barcelona",  "baseball",
    "basketball",   "batman",       "baystars",    "buffaloes",    "byouin",     "carp",
    "changeit",     "changeme",     "charlie",     "cheese",       "chelsea",    "chocolate",
    "clinic",       "computer",     "conan",       "cookie",       "corvette",   "daisuke",
    "daisuki",      "daniel",       "database",    "default",      "demo",       "doctor",
    "doraemon",     "dragon",       "dragonball",  "dragons",      "eagles",     "example",
    "facebook",     "family",       "ferrari",     "fighters",     "flower",     "football",
    "forever",      "freedom",      "friend",      "friends",      "frontale",   "fujisan",
    "fukuoka",      "fuyu",         "ganbare",     "ganbatte",     "ghibli",     "giants",
    "ginger",       "gmail",        "golf",        "google",       "guest",      "gundam",
    "hanako",       "hanshin",      "happy",       "harley",       "haru",       "haruka",
    "hawks",        "health",       "heisei",      "hello",        "hellokitty", "hikari",
    "himawari",     "hiroshi",      "hiroshima",   "hockey",       "hokkaido",   "honda",
    "hoshi",        "hospital",     "hunter",      "hunter2",      "ichiro",     "iloveu",
    "iloveyou",     "iloveyou2",    "instagram",   "internet",     "iphone",     "iryou",
    "japan",        "jennifer",     "jessica",     "jordan",       "joshua",     "kaigo",
    "kango",        "kangoshi",     "katou",       "kawaii",       "kaze",       "keiko",
    "kenji",        "kenkou",       "kibou",       "killer",       "kirby",      "kitty",
    "kobayashi",    "kobe",         "konnichiwa",  "kyoto",        "lakers",     "letmein",
    "linkedin",     "lions",        "liverpool",   "lkjhgfdsa",    "login",      "logon",
    "lovelove",     "lover",        "loveyou",     "lucky",        "marines",    "mario",
    "master",       "matrix",       "mazda",       "medical",      "michael",    "microsoft",
    "minecraft",    "mnbvcxz",      "momiji",      "money",        "monkey",     "motdepasse",
    "mustang",      "mylove",       "mypassword",  "mysql",        "nagoya",     "nakamura",
    "naruto",       "natsu",        "neko",        "newpassword",  "ninja",      "nintendo",
    "nippon",       "nissan",       "nothing",     "nozomi",       "nurse",      "okinawa",
    "onepiece",     "oracle",       "orange",      "osaka",        "p@ssw0rd",   "p@ssword",
    "pa55w0rd",     "pa55word",     "pass1234",    "passcode",     "passpass",   "passw0rd",
    "passwd",       "password",     "password1",   "passwort",     "peace",      "pepper",
    "pharmacy",     "pikachu",      "playstation", "poiuytrewq",   "pokemon",    "porsche",
    "postgres",     "princess",     "purple",      "q1w2e3r4",     "q1w2e3r4t5", "qazwsx",
    "qazwsxedc",    "qwe123",       "qweasd",      "qweasdzxc",    "qwer",       "qwerasdf",
    "qwerqwer",     "qwerty",       "qwerty123",   "qwerty12345",  "qwertyui",   "qwertyuiop",
    "ramen",        "reds",         "reiwa",       "robert",       "root",       "sailormoon",
    "sakura",       "sample",       "samsung",     "samurai",      "sapporo",    "sasaki",
    "sato",         "satou",        "sayonara",    "secret",       "secret123",  "sendai",
    "server",       "shadow",       "shiyakusho",  "shogun",       "showa",      "smile",
    "soccer",       "sora",         "spiderman",   "spring",       "starwars",   "subaru",
    "summer",       "sunshine",     "superman",    "superuser",    "sushi",      "suzuki",
    "swallows",     "sysadmin",     "system",      "takahashi",    "takashi",    "tamago",
    "tanaka",       "taro",         "tarou",       "tennis",       "test",       "test123",
    "testing",      "testtest",     "thomas",      "tigers",       "tokyo",      "toor",
    "totoro",       "toyota",       "trustno1",    "tsuki",        "tsunagari",  "twitter",
    "user",         "user1234",     "username",    "watanabe",     "welcome",    "welcome1",
    "whatever",     "william",      "windows",     "winter",       "yahoo",      "yakkyoku",
    "yakuba",       "yamada",       "yamaha",      "yamamoto",     "yankees",    "yokohama",
    "yoshida",      "yuki",         "yuko",        "yume",         "yumiko",     "yuuki",
    "zaq12wsx",     "zaq1zaq1",     "zelda",       "zxcv",         "zxcvbn",     "zxcvbnm",
    "zxcvzxcv",     "zzzzzz",
});

constexpr bool IsStrictlySorted() {
  return std::adjacent_find(kCommonPasswords.begin(), kCommonPasswords.end(),
                            [](std::string_view a, std::string_view b) { return a >= b; }) ==
         kCommonPasswords.end();
}

constexpr bool AllLowerCaseAndLongEnough() {
  for (std::string_view entry : kCommonPasswords) {
    // Short entries would match the stubs left after stripping digits ("ai2024…" -> "ai").
    if (entry.size() < 4) return false;
    for (char ch : entry) {
      if (ch >= 'A' && ch <= 'Z') return false;
    }
  }
  return true;
}

static_assert(IsStrictlySorted(), "kCommonPasswords must be sorted and free of duplicates");
static_assert(AllLowerCaseAndLongEnough(), "entries must be lower-case, 4 characters or more");

}  // namespace

bool InCommonPasswordList(std::string_view lowercase) {
  return std::binary_search(kCommonPasswords.begin(), kCommonPasswords.end(), lowercase);
}

}  // namespace auth::internal
