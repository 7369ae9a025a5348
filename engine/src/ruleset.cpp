// SPDX-License-Identifier: Apache-2.0
// The public ruleset: a thin, thread-safe face over the immutable program.
#include <algorithm>

#include "advice/advisor.hpp"
#include "advice/population.hpp"
#include "core/diagnostic_codes.hpp"
#include "core/suggest.hpp"
#include "eval/batch.hpp"
#include "eval/evaluator.hpp"
#include "eval/portfolio_input.hpp"
#include "eval/test_runner.hpp"
#include "explain/explainer.hpp"
#include "whatif/compare.hpp"
#include "whatif/course_options.hpp"

namespace civeff {

ruleset::ruleset(std::shared_ptr<const detail::program> program) : program_(std::move(program)) {}

const std::string& ruleset::name() const { return program_->name; }
const std::string& ruleset::version() const { return program_->version; }
text_language ruleset::language() const {
  return program_->language == "nl" ? text_language::nl : text_language::en;
}
const std::vector<std::string>& ruleset::overlays() const { return program_->overlays; }

std::vector<std::string> ruleset::scale_names() const {
  std::vector<std::string> out;
  for (const auto& s : program_->scales) out.push_back(s.id);
  return out;
}
std::vector<std::string> ruleset::mark_ids() const {
  std::vector<std::string> out;
  for (const auto& m : program_->marks) out.push_back(m.id);
  return out;
}
std::vector<std::string> ruleset::unit_ids() const {
  std::vector<std::string> out;
  for (const auto& u : program_->units) out.push_back(u.id);
  return out;
}
std::vector<std::string> ruleset::equivalence_ids() const {
  std::vector<std::string> out;
  for (const auto& e : program_->equivalences) out.push_back(e.id);
  return out;
}
std::size_t ruleset::test_count() const { return program_->tests.size(); }
const std::vector<attribute_declaration>* ruleset::declared_attributes(bool person) const {
  if (person) return program_->person_attributes_declared ? &program_->person_attributes : nullptr;
  return program_->attributes_declared ? &program_->attributes : nullptr;
}
const std::vector<scale_entry>& ruleset::scales() const { return program_->metadata.scales; }
const std::vector<mark_entry>& ruleset::marks() const { return program_->metadata.marks; }
const std::vector<unit_entry>& ruleset::units() const { return program_->metadata.units; }
const std::vector<equivalence_entry>& ruleset::equivalences() const {
  return program_->metadata.equivalences;
}
const std::vector<diploma_entry>& ruleset::diplomas() const { return program_->metadata.diplomas; }

std::vector<std::string> ruleset::diploma_ids() const {
  std::vector<std::string> out;
  for (const auto& d : program_->diplomas) out.push_back(d.id);
  return out;
}

result ruleset::evaluate(const portfolio& p, date as_of) const {
  detail::workspace ws;
  detail::as_of_context ctx;
  ctx.prepare(*program_, as_of.days_since_epoch());
  detail::load_portfolio(*program_, p, ws);
  ws.run(*program_, ctx);
  detail::throw_if_failed(*program_, ws, p.person);
  return detail::build_result(*program_, p, ws, as_of);
}

explanation ruleset::explain(const portfolio& p, date as_of) const {
  detail::workspace ws;
  detail::as_of_context ctx;
  ctx.prepare(*program_, as_of.days_since_epoch());
  detail::load_portfolio(*program_, p, ws);
  detail::trace t;
  ws.run(*program_, ctx, t);
  detail::throw_if_failed(*program_, ws, p.person);
  return detail::explainer(*program_, p, ws, ctx, t).build();
}

namespace {

// The index of diploma `id` in prog.diplomas; E046 with a did-you-mean otherwise.
std::size_t diploma_index(const detail::program& prog, std::string_view id) {
  const auto& diplomas = prog.diplomas;
  const auto it =
      std::lower_bound(diplomas.begin(), diplomas.end(), id,
                       [](const detail::diploma_info& d, std::string_view key) { return d.id < key; });
  if (it == diplomas.end() || it->id != id)
    throw input_error({{severity::error,
                        detail::codes::bad_argument,
                        {},
                        "unknown diploma '" + std::string(id) + "'" + detail::did_you_mean_id(id, diplomas),
                        {}}});
  return static_cast<std::size_t>(it - diplomas.begin());
}

}  // namespace

advice ruleset::advise(const portfolio& p, std::string_view diploma, date as_of,
                       const advice_options& options) const {
  return detail::advise(*program_, p, diploma_index(*program_, diploma), as_of, options);
}

advice_batch ruleset::advise_batch(const population_view& pop, std::string_view diploma,
                                   const advice_batch_options& options) const {
  return detail::advise_batch(*program_, pop, diploma_index(*program_, diploma), options);
}

what_if_result ruleset::what_if(const portfolio& p, const std::vector<achievement>& added, date as_of,
                                const advice_options& options) const {
  return detail::what_if(*this, p, added, as_of, options);
}

std::vector<course_option> ruleset::course_options(const portfolio& p, std::string_view diploma, date as_of,
                                                   std::size_t top, const advice_options& options) const {
  return detail::course_options(*this, p, diploma_index(*program_, diploma), as_of, top, options);
}

batch_result ruleset::evaluate_batch(const population& pop, const batch_options& options) const {
  return detail::evaluate_batch(*program_, pop.view(), options);
}

batch_result ruleset::evaluate_batch(const population_view& pop, const batch_options& options) const {
  return detail::evaluate_batch(*program_, pop, options);
}

std::vector<test_outcome> ruleset::run_tests(std::string_view name_filter) const {
  return detail::run_tests(*program_, name_filter);
}

std::string ruleset::graph_dot() const { return program_->graph_dot; }

}  // namespace civeff
