// The demo photos: a pressure ulcer at two stages with a paper scale, a medication calendar, a
// pureed lunch and a new handrail. Drawn as shapes and gradients into a pixel buffer (nothing is
// downloaded, nothing ships with the repository), encoded by libvips as a phone would send a
// JPEG, then stored through the same image processor and file store as every upload.
#include <sodium.h>
#include <vips/vips.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <future>
#include <memory>

#include "app/seed_demo_care.h"
#include "app/seed_demo_story.h"
#include "care/attachment_service.h"
#include "care/file_store.h"
#include "care/image_processor.h"

namespace app::demo {
namespace {

constexpr int kWidth = 800;
constexpr int kHeight = 600;

struct Rgb {
  double r, g, b;
};

Rgb Mix(Rgb a, Rgb b, double t) {
  return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

/// An RGB pixel buffer with the few drawing operations the pictures need, all blended with
/// soft edges so that the JPEG looks photographed rather than drawn.
class Canvas {
 public:
  explicit Canvas(Rgb fill) : px_(static_cast<size_t>(kWidth) * kHeight, fill) {}

  void Blend(int x, int y, Rgb c, double alpha) {
    if (x < 0 || y < 0 || x >= kWidth || y >= kHeight || alpha <= 0) return;
    Rgb& p = px_[static_cast<size_t>(y) * kWidth + x];
    p = Mix(p, c, std::min(alpha, 1.0));
  }

  /// A rectangle shaded from `a` to `b` (top to bottom, or left to right).
  void Rect(double x0, double y0, double x1, double y1, Rgb a, Rgb b, bool vertical = true,
            double alpha = 1.0) {
    for (int y = std::max(0, static_cast<int>(y0)); y < std::min<int>(kHeight, y1); ++y) {
      for (int x = std::max(0, static_cast<int>(x0)); x < std::min<int>(kWidth, x1); ++x) {
        double t = vertical ? (y - y0) / std::max(1.0, y1 - y0) : (x - x0) / std::max(1.0, x1 - x0);
        Blend(x, y, Mix(a, b, t), alpha);
      }
    }
  }
  void Rect(double x0, double y0, double x1, double y1, Rgb c, double alpha = 1.0) {
    Rect(x0, y0, x1, y1, c, c, true, alpha);
  }

  /// A filled ellipse whose edge fades over `soft` pixels.
  void Ellipse(double cx, double cy, double rx, double ry, Rgb c, double alpha = 1.0,
               double soft = 1.5) {
    const double r = std::min(rx, ry);
    for (int y = std::max(0, static_cast<int>(cy - ry - soft));
         y <= std::min<int>(kHeight - 1, cy + ry + soft); ++y) {
      for (int x = std::max(0, static_cast<int>(cx - rx - soft));
           x <= std::min<int>(kWidth - 1, cx + rx + soft); ++x) {
        double dx = (x - cx) / rx, dy = (y - cy) / ry;
        double edge = (1.0 - std::sqrt(dx * dx + dy * dy)) * r;  // pixels inside the rim
        double a = std::clamp(edge / soft + 0.5, 0.0, 1.0);
        Blend(x, y, c, a * alpha);
      }
    }
  }

  /// Grain, as a camera sensor adds it.
  void Grain(Rng& rng, double amount) {
    for (Rgb& p : px_) {
      double n = (rng.Uniform() - 0.5) * amount;
      p = {p.r + n, p.g + n, p.b + n};
    }
  }

  std::string Bytes() const {
    std::string out(px_.size() * 3, '\0');
    for (size_t i = 0; i < px_.size(); ++i) {
      out[3 * i] = static_cast<char>(std::clamp(std::lround(px_[i].r), 0L, 255L));
      out[3 * i + 1] = static_cast<char>(std::clamp(std::lround(px_[i].g), 0L, 255L));
      out[3 * i + 2] = static_cast<char>(std::clamp(std::lround(px_[i].b), 0L, 255L));
    }
    return out;
  }

 private:
  std::vector<Rgb> px_;
};

// ---- the pictures ----

/// Skin over the sacrum on a sheet, the wound and a paper scale (80 px = 1 cm) below it.
/// `healing` 0 = the first photo, 1 = almost closed.
Canvas Wound(double healing, Rng& rng) {
  Canvas c({214, 170, 140});
  c.Rect(0, 0, kWidth, kHeight, {222, 180, 150}, {196, 150, 122});
  c.Ellipse(400, 250, 420, 300, {228, 188, 158}, 0.5, 120);           // the curve of the body
  c.Rect(0, 500, kWidth, kHeight, {214, 226, 236}, {190, 204, 218});  // sheet
  c.Ellipse(400, 500, 500, 12, {180, 150, 130}, 0.35, 10);            // its shadow on the skin
  // 2.0 × 1.5 cm at first, about 1.0 × 0.8 cm when healing = 0.8.
  const double scale = 1.0 - 0.6 * healing, w = 80 * scale, h = 60 * scale;
  c.Ellipse(400, 270, w * 1.9, h * 1.9, {206, 112, 104}, 0.45 - 0.3 * healing, 35);     // erythema
  if (healing > 0.5) c.Ellipse(400, 270, w * 1.25, h * 1.25, {236, 168, 160}, 0.9, 6);  // new skin
  c.Ellipse(400, 270, w, h, {172, 44, 48}, 1.0, 4);                                     // wound bed
  if (healing < 0.5) {
    for (int i = 0; i < 5; ++i) {  // slough
      c.Ellipse(400 + rng.Between(-45, 45), 270 + rng.Between(-30, 30), rng.Between(8, 18),
                rng.Between(6, 12), {214, 196, 118}, 0.85, 3);
    }
  } else {
    c.Ellipse(400, 270, w * 0.6, h * 0.6, {200, 86, 88}, 0.8, 4);  // granulation
  }
  c.Rect(240, 420, 560, 452, {250, 250, 246});  // the scale
  for (int mm = 0; mm <= 40; ++mm) {
    double x = 240 + 8 * mm;
    double len = mm % 10 == 0 ? 20 : (mm % 5 == 0 ? 13 : 7);
    c.Rect(x - 1, 420, x + 1, 420 + len, {40, 40, 40});
  }
  c.Grain(rng, 8);
  return c;
}

/// A pocket calendar on the wall: a week of 朝・昼・夕・寝る前, the first days already taken.
Canvas MedicationCalendar(Rng& rng) {
  Canvas c({238, 232, 220});
  c.Rect(0, 0, kWidth, kHeight, {242, 236, 224}, {222, 214, 200});
  c.Rect(70, 40, 734, 572, {200, 196, 188});  // shadow
  c.Rect(64, 34, 728, 566, {252, 252, 250});  // the board
  const Rgb header[7] = {{232, 120, 120}, {150, 190, 230}, {150, 190, 230}, {150, 190, 230},
                         {150, 190, 230}, {150, 190, 230}, {120, 150, 232}};
  const Rgb slot[4] = {{250, 220, 110}, {246, 170, 90}, {170, 140, 210}, {70, 90, 150}};
  const double left = 130, top = 90, cw = 84, ch = 112;
  for (int d = 0; d < 7; ++d) c.Rect(left + d * cw + 2, 44, left + (d + 1) * cw - 2, 84, header[d]);
  for (int s = 0; s < 4; ++s) {
    c.Rect(74, top + s * ch + 4, 124, top + (s + 1) * ch - 4, slot[s]);
    for (int d = 0; d < 7; ++d) {
      double x0 = left + d * cw, y0 = top + s * ch;
      c.Rect(x0 + 3, y0 + 4, x0 + cw - 3, y0 + ch - 4, {214, 230, 244}, {198, 216, 236});
      c.Rect(x0 + 3, y0 + ch * 0.55, x0 + cw - 3, y0 + ch * 0.55 + 2, {170, 190, 210});
      if (d < 3 || (s == 1 && d == 3)) continue;  // taken already (昼 is taken until Wednesday)
      c.Rect(x0 + 12, y0 + 20, x0 + cw - 12, y0 + ch - 18, {246, 246, 244}, 0.92);  // the packet
      int pills = s == 3 ? 1 : (s == 0 ? 4 : 2);
      for (int p = 0; p < pills; ++p) {
        const Rgb colors[3] = {{255, 255, 255}, {248, 222, 120}, {238, 170, 172}};
        c.Ellipse(x0 + 26 + (p % 2) * 30 + rng.Between(-3, 3),
                  y0 + 42 + (p / 2) * 30 + rng.Between(-3, 3), 11, 8, colors[(p + s) % 3], 1.0, 2);
      }
    }
  }
  c.Grain(rng, 6);
  return c;
}

/// Lunch in a care home style: pureed dishes, rice porridge, soup and thickened tea on a tray.
Canvas PureedLunch(Rng& rng) {
  Canvas c({176, 128, 84});
  for (int y = 0; y < kHeight; y += 6) {  // wood grain
    c.Rect(0, y, kWidth, y + 3, {150, 104, 66}, 0.25 + 0.2 * rng.Uniform());
  }
  c.Rect(110, 92, 694, 512, {70, 24, 24});  // shadow of the tray
  c.Rect(100, 80, 684, 500, {140, 46, 44}, {108, 32, 32});
  struct Dish {
    double x, y, r;
    Rgb rim, food;
  };
  const Dish dishes[] = {
      {250, 370, 82, {246, 246, 240}, {248, 244, 228}},  // 全粥
      {540, 370, 76, {70, 34, 28}, {186, 136, 78}},      // みそ汁 (とろみ)
      {240, 190, 62, {240, 240, 236}, {150, 190, 110}},  // ほうれん草のムース
      {410, 200, 56, {236, 236, 232}, {236, 150, 80}},   // にんじんのムース
      {570, 196, 52, {238, 238, 234}, {232, 178, 176}},  // 鮭のムース
      {400, 390, 40, {210, 228, 212}, {196, 214, 170}},  // とろみ茶
  };
  for (const Dish& d : dishes) {
    c.Ellipse(d.x + 6, d.y + 8, d.r, d.r * 0.92, {60, 20, 20}, 0.5, 8);
    c.Ellipse(d.x, d.y, d.r, d.r * 0.92, d.rim, 1.0, 2);
    c.Ellipse(d.x, d.y, d.r * 0.78, d.r * 0.72, d.food, 1.0, 3);
    c.Ellipse(d.x - d.r * 0.25, d.y - d.r * 0.2, d.r * 0.2, d.r * 0.12, {255, 255, 255}, 0.35, 6);
  }
  c.Rect(640, 260, 652, 460, {200, 200, 205}, {160, 160, 168}, false);  // spoon
  c.Ellipse(646, 250, 16, 24, {205, 205, 210}, 1.0, 2);
  c.Grain(rng, 6);
  return c;
}

/// The entrance: a new horizontal handrail along the wall and a vertical one by the step.
Canvas Handrail(Rng& rng) {
  Canvas c({236, 228, 212});
  c.Rect(0, 0, kWidth, 430, {240, 234, 220}, {222, 212, 194});
  c.Rect(0, 418, kWidth, 430, {120, 90, 64});                  // skirting board
  c.Rect(0, 430, kWidth, 470, {150, 110, 76}, {128, 92, 62});  // the step (上がり框)
  c.Rect(0, 470, kWidth, kHeight, {196, 156, 110}, {170, 130, 90});
  for (int x = 0; x < kWidth; x += 110) c.Rect(x, 470, x + 2, kHeight, {140, 104, 70});
  c.Rect(70, 262, 560, 290, {60, 50, 40}, 0.15);  // the rail's shadow
  c.Rect(60, 246, 560, 274, {214, 170, 118}, {136, 92, 58});
  for (double x : {120.0, 330.0, 530.0}) {
    c.Rect(x - 10, 270, x + 10, 292, {150, 150, 156}, {110, 110, 118});
    c.Ellipse(x, 292, 16, 6, {128, 128, 134}, 1.0, 2);
  }
  c.Rect(606, 110, 618, 410, {60, 50, 40}, 0.15);
  c.Rect(592, 100, 618, 400, {214, 170, 118}, {136, 92, 58}, false);
  for (double y : {130.0, 370.0}) c.Rect(586, y - 8, 624, y + 8, {150, 150, 156}, {110, 110, 118});
  c.Grain(rng, 5);
  return c;
}

struct Unref {
  void operator()(VipsImage* p) const {
    if (p) g_object_unref(p);
  }
};
using VImage = std::unique_ptr<VipsImage, Unref>;

/// The canvas as a JPEG from a phone (quality 90). The shapes have soft edges already, so no
/// blur pass is spent on them.
core::Result<std::string> EncodeJpeg(const Canvas& canvas) {
  const std::string rgb = canvas.Bytes();
  VImage raw(
      vips_image_new_from_memory(rgb.data(), rgb.size(), kWidth, kHeight, 3, VIPS_FORMAT_UCHAR));
  if (!raw) return core::Error::Internal("demo photo: libvips image");
  VipsImage* srgb = nullptr;
  if (vips_copy(raw.get(), &srgb, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr) != 0) {
    return core::Error::Internal("demo photo: libvips copy");
  }
  VImage colour(srgb);
  void* buf = nullptr;
  size_t len = 0;
  if (vips_jpegsave_buffer(colour.get(), &buf, &len, "Q", 90, nullptr) != 0) {
    return core::Error::Internal("demo photo: libvips jpeg");
  }
  std::string out(static_cast<const char*>(buf), len);
  g_free(buf);
  return out;
}

}  // namespace

core::Result<std::vector<Photo>> StorePhotos(care::FileStore& files, care::ImageProcessor& images) {
  if (sodium_init() < 0 || !care::InitVips()) {
    return core::Error::Internal("demo photos: libsodium or libvips did not start");
  }
  struct Picture {
    const char* key;
    const char* name;
    std::function<Canvas(Rng&)> draw;
  };
  const std::vector<Picture> pictures = {
      {"wound_1", "仙骨部_褥瘡_1.jpg", [](Rng& r) { return Wound(0.0, r); }},
      {"wound_2", "仙骨部_褥瘡_2.jpg", [](Rng& r) { return Wound(0.8, r); }},
      {"med_calendar", "お薬カレンダー.jpg", MedicationCalendar},
      {"lunch", "昼食_ムース食.jpg", PureedLunch},
      {"handrail", "玄関_手すり設置後.jpg", Handrail},
  };
  // What an upload becomes before it is stored: re-encoded image and thumbnail.
  struct Processed {
    care::ProcessedImage image;
    std::string thumbnail;
  };
  auto process = [&images](const Picture& p, uint64_t seed) -> core::Result<Processed> {
    Rng rng(seed);
    ASSIGN_OR_RETURN(std::string jpeg, EncodeJpeg(p.draw(rng)));
    ASSIGN_OR_RETURN(care::ProcessedImage clean, images.Sanitize(jpeg, care::SniffFileType(jpeg)));
    ASSIGN_OR_RETURN(std::string thumbnail,
                     images.Thumbnail(clean.bytes, care::AttachmentService::kThumbnailSide));
    return Processed{std::move(clean), std::move(thumbnail)};
  };
  // Every demo start pays for these: drawn and encoded in parallel (each with its own random
  // sequence, so the result does not depend on the order the threads run in).
  std::vector<std::future<core::Result<Processed>>> work;
  for (size_t i = 0; i < pictures.size(); ++i) {
    work.push_back(std::async(std::launch::async, process, std::cref(pictures[i]), 4 + i));
  }
  std::vector<core::Result<Processed>> done;
  for (auto& w : work) done.push_back(w.get());

  std::vector<Photo> out;
  for (size_t i = 0; i < pictures.size(); ++i) {
    auto fail = [&](core::Error e) {
      RemovePhotos(files, out);
      return e;
    };
    if (!done[i].ok()) return fail(done[i].error());
    const Processed& p = *done[i];
    Photo photo;
    photo.key = pictures[i].key;
    care::Attachment& a = photo.stored;
    a.kind = "image";
    a.content_type = p.image.content_type;
    a.byte_size = static_cast<int64_t>(p.image.bytes.size());
    a.width = p.image.width;
    a.height = p.image.height;
    a.sha256 = care::StoredSha256Hex(p.image.bytes);
    a.original_name = care::NameForStoredType(pictures[i].name, a.content_type);
    auto key = files.Put(p.image.bytes);
    if (!key.ok()) return fail(key.error());
    a.storage_key = *key;
    auto thumb_key = files.Put(p.thumbnail);
    if (!thumb_key.ok()) {
      (void)files.Remove(a.storage_key);
      return fail(thumb_key.error());
    }
    a.thumbnail_key = *thumb_key;
    out.push_back(std::move(photo));
  }
  return out;
}

void RemovePhotos(care::FileStore& files, const std::vector<Photo>& photos) {
  for (const Photo& p : photos) {
    (void)files.Remove(p.stored.storage_key);
    if (p.stored.thumbnail_key) (void)files.Remove(*p.stored.thumbnail_key);
  }
}

}  // namespace app::demo
