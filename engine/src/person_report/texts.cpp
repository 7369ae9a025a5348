// SPDX-License-Identifier: Apache-2.0
// The report's texts: English first, Dutch second, one phrase a definition, so a
// translation is checked and changed in one place. `{}` is an argument (fmt).

#include "person_report/texts.hpp"

namespace civeff::detail::person_report::text {

// clang-format off
// ------------------------------------------------------------------ page and header
const phrase kicker = {"Civil effect statement", "Verklaring civiel effect"};
const phrase page_title = {"Civil effect statement: {}", "Verklaring civiel effect: {}"};
const phrase intro = {
    "What the trainings of this person are worth outside the employer that gave them, on {}, under the "
    "rules of {} version {}: the level of each training and why, what they count toward, and how far each "
    "diploma is. Every figure is computed by the civeff engine from these rules and this portfolio; the "
    "command below computes them again.",
    "Wat de scholingen van deze persoon waard zijn buiten de werkgever die ze gaf, op {}, volgens de regels "
    "{} versie {}: het niveau van elke scholing en waarom, waarvoor ze tellen, en hoe ver elk diploma is. "
    "Elk getal is berekend door de civeff-engine uit deze regels en dit portfolio; de opdracht hieronder "
    "berekent ze opnieuw."};
const phrase person = {"Person", "Persoon"};
const phrase as_of = {"Reference date", "Peildatum"};
const phrase ruleset = {"Rules", "Regels"};
const phrase overlays = {"Scenarios", "Scenario's"};
const phrase attributes = {"Details", "Gegevens"};
const phrase content_hash = {"Content hash (SHA-256)", "Inhoudshash (SHA-256)"};
const phrase hash_rules = {"rules", "regels"};
const phrase hash_portfolio = {"portfolio", "portfolio"};
const phrase hash_hint = {
    "Of the rules as compiled and of the portfolio as read, not of the files' bytes: the same rules and "
    "trainings give the same hash, however the files are laid out.",
    "Van de regels zoals gecompileerd en van het portfolio zoals gelezen, niet van de bytes van de bestanden: "
    "dezelfde regels en scholingen geven dezelfde hash, hoe de bestanden ook zijn opgemaakt."};
const phrase reproduce = {"Check it yourself", "Zelf narekenen"};
const phrase reproduce_hint = {"This command prints every figure on this page as JSON:",
                               "Deze opdracht drukt elk getal op deze pagina af als JSON:"};
const phrase footer_html = {
    "Written by <code>civeff report</code> from rules <code>{}</code> version {}. The page is self-contained: "
    "it loads nothing from the network; the links lead to the sources the rules cite.",
    "Gemaakt door <code>civeff report</code> uit regels <code>{}</code> versie {}. De pagina staat op "
    "zichzelf: ze laadt niets van het netwerk; de links gaan naar de bronnen die de regels noemen."};
const phrase footer_md = {
    "Written by `civeff report` from rules {} version {}. The links lead to the sources the rules cite.",
    "Gemaakt door `civeff report` uit regels {} versie {}. De links gaan naar de bronnen die de regels "
    "noemen."};

// ------------------------------------------------------------------ in short
const phrase summary = {"In short", "In het kort"};
const phrase summary_intro = {
    "Each diploma of the rules, furthest first: its status, how much of it is met, and the hours of study "
    "the cheapest plan still takes.",
    "Elk diploma van de regels, het verst gevorderde eerst: de stand, hoeveel ervan gehaald is, en hoeveel "
    "uur studie het goedkoopste plan nog kost."};
const phrase th_diploma = {"Diploma", "Diploma"};
const phrase th_status = {"Status", "Stand"};
const phrase th_progress = {"Progress", "Voortgang"};
const phrase th_hours_to_complete = {"Hours to complete", "Uren tot het diploma"};
const phrase status_none = {"not started", "niet begonnen"};
const phrase status_partial = {"partly met", "deels gehaald"};
const phrase status_complete = {"complete", "behaald"};
const phrase no_plan = {"no plan", "geen plan"};
const phrase not_proven_short = {"{} (best found)", "{} (beste gevonden)"};

// ------------------------------------------------------------------ trainings
const phrase trainings = {"Trainings", "Scholingen"};
const phrase trainings_intro = {
    "Every training of the portfolio, in the order given: its level on each scale and what decided it, "
    "until when that level holds, and whether it counts on {}.",
    "Elke scholing van het portfolio, in de volgorde waarin ze gegeven is: haar niveau op elke schaal en "
    "waardoor, tot wanneer dat niveau geldt, en of ze op {} meetelt."};
const phrase no_trainings = {"The portfolio has no trainings.", "Het portfolio heeft geen scholingen."};
const phrase th_number = {"#", "#"};
const phrase th_training = {"Training", "Scholing"};
const phrase th_date = {"Date", "Datum"};
const phrase th_marks = {"Marks", "Keurmerken"};
const phrase th_levels = {"Level, and what decided it", "Niveau, en waardoor"};
const phrase th_counts = {"Counts", "Telt mee"};
const phrase counts_yes = {"yes", "ja"};
const phrase counts_no = {"no: {}", "nee: {}"};
const phrase dated_after_as_of = {"dated after the reference date", "gedateerd na de peildatum"};
const phrase exempt = {"exemption", "vrijstelling"};
const phrase unit_unknown = {"a unit the rules do not know", "een eenheid die de regels niet kennen"};
const phrase no_unit = {"a training without a unit of the rules", "een scholing zonder eenheid uit de regels"};
const phrase by_mark = {"mark {}", "keurmerk {}"};
const phrase by_mark_case = {"mark {}, {}", "keurmerk {}, {}"};
const phrase by_mark_otherwise = {"mark {}, none of its earlier conditions holding",
                                  "keurmerk {}, geen van de eerdere voorwaarden geldt"};
const phrase by_unit = {"the unit's own level", "het eigen niveau van de eenheid"};
const phrase by_default = {"nothing places it: the scale's default", "niets plaatst haar: de standaard van de schaal"};
const phrase by_nothing = {"nothing places it on this scale", "niets plaatst haar op deze schaal"};
const phrase no_level = {"no level", "geen niveau"};
const phrase lapsed_mark = {"mark {} would give {}, but lapsed on {}", "keurmerk {} zou {} geven, maar verliep op {}"};
const phrase lapses_on = {"valid until {}", "geldig tot {}"};
const phrase from_credential = {"from credential {} ({})", "uit credential {} ({})"};
const phrase credential_proof = {"with a proof, not verified", "met een bewijs, niet gecontroleerd"};
const phrase credential_no_proof = {"without a proof", "zonder bewijs"};
const phrase credential_jwt = {"a JWT-VC, signature not verified", "een JWT-VC, handtekening niet gecontroleerd"};
const phrase credential_jwt_unsigned = {"a JWT-VC without a signature", "een JWT-VC zonder handtekening"};

// ------------------------------------------------------------------ credits
const phrase credits = {"What the trainings count toward", "Waarvoor de scholingen tellen"};
const phrase credits_intro = {
    "Every unit the trainings credit on {}, and how: by a training itself, by an exemption, or through an "
    "equivalence of the rules.",
    "Elke eenheid die de scholingen op {} opleveren, en hoe: door een scholing zelf, door een vrijstelling, "
    "of via een gelijkwaardigheid uit de regels."};
const phrase no_credits = {"The trainings credit no unit of the rules.",
                           "De scholingen leveren geen eenheid uit de regels op."};
const phrase credited_by_training = {"earned by training #{} ({})", "behaald met scholing #{} ({})"};
const phrase credited_by_exemption = {"an exemption (training #{}, {})", "een vrijstelling (scholing #{}, {})"};
const phrase counts_as_one = {"{} counts as {}", "{} geldt als {}"};
const phrase counts_as_many = {"{} together count as {}", "{} samen gelden als {}"};
const phrase through_equivalence = {"equivalence {}", "gelijkwaardigheid {}"};
const phrase credited_on = {"from {}", "sinds {}"};

// ------------------------------------------------------------------ diplomas
const phrase diplomas = {"Diplomas", "Diploma's"};
const phrase diplomas_intro = {
    "For each diploma: its status on {}, a bar of its progress, what is still missing, and the cheapest plan "
    "of units that completes it, found by an exact search that evaluates these rules with the plan's units "
    "added. The requirements behind it open below each diploma.",
    "Per diploma: de stand op {}, een balk met de voortgang, wat nog ontbreekt, en het goedkoopste plan van "
    "eenheden dat het diploma afmaakt, gevonden door een exacte zoektocht die deze regels met de eenheden "
    "van het plan erbij doorrekent. De eisen erachter openen onder elk diploma."};
const phrase does_not_apply = {"Does not apply to this person: it holds only {}.",
                               "Geldt niet voor deze persoon: alleen {}."};
const phrase missing = {"Still missing", "Nog nodig"};
const phrase nothing_missing = {"Nothing is missing.", "Er ontbreekt niets."};
const phrase to_complete = {"To complete", "Tot het diploma"};
const phrase complete_already = {"Complete: nothing more to take.", "Behaald: er hoeft niets bij."};
const phrase cheapest_plan = {"Cheapest plan: {}", "Goedkoopste plan: {}"};
const phrase plan_unit = {"{} ({})", "{} ({})"};
const phrase plan_also_credits = {"also credits {}", "levert ook {} op"};
const phrase not_proven = {
    "The search stopped at its budget: this is the best plan found, not proven the cheapest.",
    "Het zoeken stopte bij zijn grens: dit is het beste plan dat gevonden is, niet bewezen het goedkoopste."};
const phrase no_plan_long = {"No set of units in these rules completes it.",
                             "Geen combinatie van eenheden uit deze regels maakt het af."};
const phrase blocking = {"In the way: {}.", "Wat in de weg staat: {}."};
const phrase blocking_guard = {"it applies only {}", "het geldt alleen {}"};
const phrase requirements_detail = {"The requirements in detail", "De eisen in detail"};
const phrase unit_leaf = {"{} {}", "{} {}"};
const phrase reason_no_achievement = {"no training of it", "geen scholing ervan"};
const phrase reason_credit_when = {"training #{} does not meet its condition", "scholing #{} voldoet niet aan de voorwaarde"};
const phrase reason_effective = {"training #{} is dated outside its validity", "scholing #{} valt buiten de geldigheid"};
const phrase reason_lapsed = {"its credit lapsed on {}", "verlopen op {}"};
const phrase reason_lapsed_through = {"its credit through {} lapsed on {}", "via {} verlopen op {}"};
const phrase reason_equivalence_window = {"{} does not apply on these dates", "{} geldt niet op deze data"};
const phrase reason_equivalence_when = {"{}: its condition does not hold", "{}: de voorwaarde geldt niet"};
const phrase reason_equivalence_sources = {"through {} still needs {}", "via {} nog nodig: {}"};
const phrase value_of_min = {"{} of {}", "{} van {}"};
const phrase hours_of_min = {"{} of {} hours", "{} van {} uur"};
const phrase n_of_holding = {"{} of {} met, {} needed", "{} van {} gehaald, {} nodig"};
const phrase left_out = {"left out: nothing in it applies", "vervalt: niets erin geldt"};
const phrase left_out_guard = {"left out: it applies only {}", "vervalt: het geldt alleen {}"};
const phrase only_when = {"when {}", "als {}"};
const phrase holds = {"met", "gehaald"};
const phrase does_not_hold = {"not met", "niet gehaald"};

// ------------------------------------------------------------------ what a course adds
const phrase courses = {"What would a course add?", "Wat levert een cursus op?"};
const phrase courses_intro = {
    "For each diploma in progress: the units (at most five) that lower its hours to complete most per hour of "
    "study, and what taking each one changes. Each is a what-if: these rules evaluated with the unit added "
    "as the cheapest plan takes it, compared with the portfolio as it is.",
    "Per diploma in uitvoering: de eenheden (hoogstens vijf) die de uren tot het diploma het meest verlagen "
    "per uur studie, en wat elk ervan verandert. Elk is een wat-als: deze regels doorgerekend met de eenheid "
    "erbij, zoals het goedkoopste plan haar neemt, vergeleken met het portfolio zoals het is."};
const phrase no_courses = {"No diploma is in progress.", "Geen diploma is in uitvoering."};
const phrase no_course_options = {"No single unit lowers its hours to complete.",
                                  "Geen losse eenheid verlaagt de uren tot het diploma."};
const phrase th_saves = {"Saves", "Bespaart"};
const phrase th_per_hour = {"Saved per hour of study", "Bespaard per uur studie"};
const phrase th_changes = {"What it changes", "Wat verandert"};
const phrase gains = {"credits {}", "levert {} op"};
const phrase loses = {"no longer credits {}", "{} vervalt"};
const phrase diploma_change = {"{}: {} → {}", "{}: {} → {}"};
const phrase diploma_state = {"{} {}, {}", "{} {}, {}"};

// ------------------------------------------------------------------ sources
const phrase sources_intro = {
    "Where the rules this page relies on come from: the source each of them cites, with the entries that "
    "cite it. Web addresses are links.",
    "Waar de regels vandaan komen waarop deze pagina steunt: de bron die elk ervan noemt, met de onderdelen "
    "die haar noemen. Webadressen zijn links."};
const phrase no_sources = {"The rules this page relies on cite no sources.",
                           "De regels waarop deze pagina steunt noemen geen bronnen."};
// clang-format on

}  // namespace civeff::detail::person_report::text
