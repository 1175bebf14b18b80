// Japanese text folding. Everything works on code points: decode once (dropping invalid bytes),
// fold, encode once. The tables below come from the Unicode code charts (Halfwidth and Fullwidth
// Forms, Katakana, Hiragana) and from the 人名用漢字 variant pairs most often met in names.
#include "core/japanese_text.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/utf8.h"

namespace core {
namespace {

constexpr char32_t kIdeographicSpace = 0x3000;
constexpr char32_t kProlongedSoundMark = 0x30FC;  // ー
constexpr char32_t kKatakanaMiddleDot = 0x30FB;   // ・

// U+FF61..U+FF9F in order: half-width punctuation, katakana and sound marks, as their
// full-width forms. ﾞ/ﾟ map to the spacing marks ゛/゜; they are composed before this is used
// whenever they follow a kana that has a voiced form.
constexpr std::array<char16_t, 63> kHalfWidthToFullWidth = {
    u'。', u'「', u'」', u'、', u'・', u'ヲ', u'ァ', u'ィ', u'ゥ', u'ェ', u'ォ', u'ャ', u'ュ',
    u'ョ', u'ッ', u'ー', u'ア', u'イ', u'ウ', u'エ', u'オ', u'カ', u'キ', u'ク', u'ケ', u'コ',
    u'サ', u'シ', u'ス', u'セ', u'ソ', u'タ', u'チ', u'ツ', u'テ', u'ト', u'ナ', u'ニ', u'ヌ',
    u'ネ', u'ノ', u'ハ', u'ヒ', u'フ', u'ヘ', u'ホ', u'マ', u'ミ', u'ム', u'メ', u'モ', u'ヤ',
    u'ユ', u'ヨ', u'ラ', u'リ', u'ル', u'レ', u'ロ', u'ワ', u'ン', u'゛', u'゜',
};

// 旧字体/異体字 → the form most people type. Kept small on purpose: each pair is one that
// registers really contain and that a person searching would consider the same name. 斉 joins
// 齋/齊/斎 because 齊 is the old form of 斉 and the spec folds it into 斎; 斉藤 and 斎藤 are
// mixed up in practice, so for search the whole family is one key. Sorted by the first element.
constexpr std::pair<char32_t, char32_t> kVariants[] = {
    {U'冨', U'富'}, {U'國', U'国'}, {U'圓', U'円'}, {U'壽', U'寿'}, {U'實', U'実'}, {U'峯', U'峰'},
    {U'嵜', U'崎'}, {U'嶋', U'島'}, {U'嶌', U'島'}, {U'廣', U'広'}, {U'彌', U'弥'}, {U'德', U'徳'},
    {U'惠', U'恵'}, {U'斉', U'斎'}, {U'榮', U'栄'}, {U'槇', U'槙'}, {U'櫻', U'桜'}, {U'淺', U'浅'},
    {U'澤', U'沢'}, {U'濱', U'浜'}, {U'濵', U'浜'}, {U'瀨', U'瀬'}, {U'眞', U'真'}, {U'舘', U'館'},
    {U'邉', U'辺'}, {U'邊', U'辺'}, {U'髙', U'高'}, {U'齊', U'斎'}, {U'齋', U'斎'}, {U'龍', U'竜'},
    {U'﨑', U'崎'},
};
static_assert(std::is_sorted(std::begin(kVariants), std::end(kVariants)));

bool IsHalfWidthKatakanaBlock(char32_t c) { return c >= 0xFF61 && c <= 0xFF9F; }

// Hiragana letters with a katakana twin at +0x60 (ぁ..ゖ) and the iteration marks ゝゞ.
bool IsHiragana(char32_t c) { return (c >= 0x3041 && c <= 0x3096) || c == 0x309D || c == 0x309E; }

// Katakana letters (ァ..ヺ) and the iteration marks ヽヾ; not ー or ・.
bool IsKatakana(char32_t c) { return (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FD || c == 0x30FE; }

bool IsAsciiDigit(char32_t c) { return c >= U'0' && c <= U'9'; }

bool IsWhiteSpace(char32_t c) {
  return c == U' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == kIdeographicSpace || c == 0xFEFF;
}

bool IsMiddleDot(char32_t c) { return c == kKatakanaMiddleDot || c == 0xFF65 || c == 0x00B7; }

// Marks people type in place of ー or of a hyphen, depending on what precedes them.
bool IsDashLike(char32_t c) {
  return c == U'-' || c == kProlongedSoundMark || c == 0xFF70 || (c >= 0x2010 && c <= 0x2015) ||
         c == 0x2212 || c == 0xFF0D;
}

char32_t ToKatakana(char32_t c) {
  if ((c >= 0x3041 && c <= 0x3096) || c == 0x309D || c == 0x309E) return c + 0x60;
  return c;
}

char32_t ToHiragana(char32_t c) {
  if ((c >= 0x30A1 && c <= 0x30F6) || c == 0x30FD || c == 0x30FE) return c - 0x60;
  return c;
}

bool IsVoicedMark(char32_t c) { return c == 0xFF9E || c == 0x3099; }
bool IsSemiVoicedMark(char32_t c) { return c == 0xFF9F || c == 0x309A; }

// The kana with the (semi-)voiced mark applied, or 0 when that combination has no precomposed
// form (e.g. ア + ゛). Works for katakana and hiragana alike.
char32_t Compose(char32_t kana, char32_t mark) {
  const bool hiragana = IsHiragana(kana);
  const char32_t k = ToKatakana(kana);
  char32_t composed = 0;
  if (IsVoicedMark(mark)) {
    // In these rows the voiced form is the next code point.
    constexpr std::u32string_view kPlusOne = U"カキクケコサシスセソタチツテトハヒフヘホヽ";
    if (kPlusOne.find(k) != std::u32string_view::npos) composed = k + 1;
    if (k == U'ウ') composed = U'ヴ';
    // ヷヸヹヺ exist only in katakana.
    if (k >= U'ワ' && k <= U'ヲ' && !hiragana) composed = U'ヷ' + (k - U'ワ');
  } else if (IsSemiVoicedMark(mark)) {
    constexpr std::u32string_view kPlusTwo = U"ハヒフヘホ";
    if (kPlusTwo.find(k) != std::u32string_view::npos) composed = k + 2;
  }
  if (composed == 0) return 0;
  return hiragana ? ToHiragana(composed) : composed;
}

char32_t CommonVariant(char32_t c) {
  const auto* it =
      std::lower_bound(std::begin(kVariants), std::end(kVariants), c,
                       [](const auto& entry, char32_t key) { return entry.first < key; });
  return it != std::end(kVariants) && it->first == c ? it->second : c;
}

std::u32string DecodeDroppingInvalid(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  size_t pos = 0;
  while (pos < utf8.size()) {
    if (auto cp = DecodeCodePoint(utf8, pos)) out.push_back(*cp);
  }
  return out;
}

std::string Encode(std::u32string_view text) {
  std::string out;
  out.reserve(text.size() * 3);
  for (char32_t c : text) AppendUtf8(out, c);
  return out;
}

// Half-width katakana to full-width, composing a following ﾞ/ﾟ or combining U+3099/U+309A into
// any kana. Shared by every function here so that ｶﾞ, カﾞ and カ+U+3099 all become ガ.
std::u32string WidenKana(std::u32string_view in) {
  std::u32string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char32_t c = in[i];
    if (IsHalfWidthKatakanaBlock(c)) c = kHalfWidthToFullWidth[c - 0xFF61];
    if ((IsKatakana(c) || IsHiragana(c)) && i + 1 < in.size()) {
      if (char32_t composed = Compose(c, in[i + 1])) {
        c = composed;
        ++i;
      }
    }
    out.push_back(c);
  }
  return out;
}

std::u32string FoldWidthCodePoints(std::u32string_view in) {
  std::u32string out = WidenKana(in);
  for (size_t i = 0; i < out.size(); ++i) {
    char32_t& c = out[i];
    if (c >= 0xFF01 && c <= 0xFF5E) {
      c -= 0xFEE0;
    } else if (c == kIdeographicSpace) {
      c = U' ';
    } else if (c == 0x2212) {
      c = U'-';
    } else if (IsDashLike(c) && i > 0 && IsAsciiDigit(out[i - 1])) {
      // "０９０ー１２３４": after a digit nothing is a long vowel, so it is a hyphen.
      c = U'-';
    }
  }
  return out;
}

}  // namespace

std::string FoldWidth(std::string_view utf8) {
  return Encode(FoldWidthCodePoints(DecodeDroppingInvalid(utf8)));
}

std::string NormalizeForSearch(std::string_view utf8) {
  // Spaces and dots go first, so that what they separated meets as it will in the key: "1 ー"
  // must fold like "1ー", and "ｶ ﾞ" like "ｶﾞ". That keeps the key stable when folded again.
  std::u32string text = DecodeDroppingInvalid(utf8);
  std::erase_if(text, [](char32_t c) { return IsWhiteSpace(c) || IsMiddleDot(c); });
  const std::u32string folded = FoldWidthCodePoints(text);
  std::u32string key;
  key.reserve(folded.size());
  for (char32_t c : folded) {
    if (c >= U'A' && c <= U'Z') {
      c += U'a' - U'A';
    } else if (IsDashLike(c) && !key.empty() &&
               (IsHiragana(key.back()) || IsKatakana(key.back()) ||
                key.back() == kProlongedSoundMark)) {
      // FoldWidth already turned ｰ into ー and － into '-'; after kana any dash is a long vowel.
      c = kProlongedSoundMark;
    } else {
      c = CommonVariant(ToHiragana(c));
    }
    key.push_back(c);
  }
  return Encode(key);
}

std::string ToFullWidthKatakana(std::string_view utf8) {
  // Hiragana turn into katakana before sound marks are composed: わ + ゛ has no hiragana form
  // but ヷ exists, and composing afterwards would make a second call change the text again.
  std::u32string text = DecodeDroppingInvalid(utf8);
  for (char32_t& c : text) c = ToKatakana(c);
  const std::u32string widened = WidenKana(text);
  std::u32string out;
  out.reserve(widened.size());
  bool pending_space = false;
  for (char32_t c : widened) {
    if (c == U' ' || c == kIdeographicSpace || (c >= 0x09 && c <= 0x0D)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(kIdeographicSpace);
    pending_space = false;
    out.push_back(c);
  }
  return Encode(out);
}

bool IsKanaName(std::string_view utf8) {
  bool has_kana = false;
  size_t pos = 0;
  while (pos < utf8.size()) {
    const std::optional<char32_t> c = DecodeCodePoint(utf8, pos);
    if (!c) return false;
    if (IsHiragana(*c) || IsKatakana(*c) || (*c >= 0xFF66 && *c <= 0xFF9D && *c != 0xFF70)) {
      has_kana = true;
    } else if (*c == kProlongedSoundMark || *c == 0xFF70 || *c == U' ' || *c == kIdeographicSpace ||
               *c == kKatakanaMiddleDot || *c == 0xFF65 || *c == 0xFF9E || *c == 0xFF9F ||
               (*c >= 0x3099 && *c <= 0x309C)) {
      // Allowed, but not enough on its own to make a reading.
    } else {
      return false;
    }
  }
  return has_kana;
}

}  // namespace core
