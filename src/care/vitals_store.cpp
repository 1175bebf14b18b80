#include "care/vitals_store.h"

#include <algorithm>

namespace care {
namespace {

using db::Statement;

constexpr Statement kInsert{
    "vitals_insert",
    "INSERT INTO vitals (id, person_id, post_id, measured_at, systolic, diastolic, pulse, "
    "temperature, spo2, respiration, weight, glucose, recorded_by, created_at) VALUES ($1, $2, "
    "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"};

#define VITALS_COLUMNS                                                                         \
  "v.id, v.person_id, v.post_id, v.measured_at, v.systolic, v.diastolic, v.pulse, "            \
  "v.temperature, v.spo2, v.respiration, v.weight, v.glucose, v.recorded_by, u.display_name, " \
  "u.profession_code, v.created_at FROM vitals v JOIN users u ON u.id = v.recorded_by "

constexpr Statement kGet{"vitals_get", "SELECT " VITALS_COLUMNS "WHERE v.id = $1"};

// Newest first so that LIMIT keeps the latest measurements; reversed in C++. Uses the index
// vitals_person_time (person_id, measured_at).
constexpr Statement kList{
    "vitals_list", "SELECT " VITALS_COLUMNS
                   "LEFT JOIN timeline_posts p ON p.id = v.post_id "
                   "WHERE v.person_id = $1 AND v.measured_at >= $2 AND v.measured_at < $3 "
                   "AND p.deleted_at IS NULL ORDER BY v.measured_at DESC, v.id DESC LIMIT $4"};

Vitals FromRow(const db::Row& r) {
  Vitals v;
  v.id = r.Text(0);
  v.person_id = r.Text(1);
  v.post_id = r.OptText(2);
  v.values.measured_at = r.Int(3);
  v.values.systolic = r.OptInt(4);
  v.values.diastolic = r.OptInt(5);
  v.values.pulse = r.OptInt(6);
  v.values.temperature = r.OptReal(7);
  v.values.spo2 = r.OptInt(8);
  v.values.respiration = r.OptInt(9);
  v.values.weight = r.OptReal(10);
  v.values.glucose = r.OptInt(11);
  v.recorded_by = r.Text(12);
  v.recorded_by_name = r.Text(13);
  v.recorded_by_profession = r.Text(14);
  v.created_at = r.Int(15);
  return v;
}

}  // namespace

core::Result<void> VitalsStore::Insert(db::Connection& c, const Vitals& v) {
  const VitalsInput& x = v.values;
  RETURN_IF_ERROR(c.Execute(kInsert, {v.id, v.person_id, v.post_id, x.measured_at, x.systolic,
                                      x.diastolic, x.pulse, x.temperature, x.spo2, x.respiration,
                                      x.weight, x.glucose, v.recorded_by, v.created_at}));
  return core::Ok();
}

core::Result<std::optional<Vitals>> VitalsStore::Get(db::Connection& c, const std::string& id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kGet, {id}));
  if (!row) return std::optional<Vitals>();
  return std::optional<Vitals>(FromRow(*row));
}

core::Result<std::vector<Vitals>> VitalsStore::List(db::Connection& c, const std::string& person_id,
                                                    int64_t from_ms, int64_t to_ms, int limit) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kList, {person_id, from_ms, to_ms, limit}));
  std::vector<Vitals> out;
  out.reserve(rows.size());
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
    Vitals v = FromRow(*it);
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace care
