/**
 * How councillors say things the papers say differently. Each group is a set of interchangeable phrases; a question
 * phrase from a group is satisfied by a unit stating any phrase of the group. Acronyms and service names live in the
 * glossary (ingest/glossary.builtin.json and the papers' own "Long Name (ACR)" definitions), not here: this list is
 * for everyday wording only.
 */
export const PHRASE_GROUPS: readonly (readonly string[])[] = [
  ["on time", "in time", "within timescales", "within timescale", "timely", "within the required"],
  ["done", "completed", "complete", "finished"],
  [
    "started",
    "start",
    "began",
    "begun",
    "becoming subject",
    "became subject",
    "entered",
    "went onto",
    "went on to",
  ],
  [
    "repeat",
    "again",
    "second or subsequent",
    "subsequent",
    "second or later",
    "2nd or later",
    "2nd or subsequent",
  ],
  ["staff", "employees", "workforce", "people work"],
  [
    "home educated",
    "home education",
    "home schooled",
    "home schooling",
    "educated at home",
    "taught at home",
  ],
  ["save", "savings", "saving"],
  ["spend", "spent", "spending", "expenditure"],
  [
    "set",
    "set-up",
    "setup",
    "established",
    "launched",
    "created",
    "introduced",
    "began",
    "started",
    "opened",
  ],
  ["cost", "costs", "costing", "price"],
  ["funding gap", "shortfall", "gap in funding"],
  ["youth justice", "criminal justice"],
  ["kids", "children", "young people"],
  ["kid", "child"],
  ["pupils", "children", "students"],
  ["reviewed", "review"],
  ["open", "opened", "opening"],
  ["average", "on average", "mean"],
  // Dashboards abbreviate: "Re-referrals to CSC within 12 mths".
  ["months", "mths"],
  // Not "projected": it reads as the noun "project" ("the Active Families project").
  ["expected", "anticipated", "forecast", "predicted"],
  ["partner", "partnership", "awarded"],
  ["result", "results", "performance", "outcome", "attainment"],
  ["maths", "mathematics"],
  // Both words are phrasing on their own ("how long", "school term"); together they say which plan or team.
  ["long term", "longer term"],
  ["dept", "department", "departmental"],
  ["good or outstanding", "good or better"],
  ["placement", "placements", "placed"],
  ["foster carers", "foster families", "fostering households"],
  ["boys", "boy", "male", "males"],
  ["girls", "girl", "female", "females"],
  ["increased", "increase", "increases", "rise", "risen", "rose", "grown", "grew", "growth"],
  ["decreased", "decrease", "decreases", "fall", "fallen", "fell", "drop", "dropped", "reduction", "reduced"],
  ["legal", "statutory"],
];

/**
 * Words that say what kind of answer is wanted or where to look, not what it is about: they are left out of the
 * content terms a unit must cover.
 */
export const NON_CONTENT_WORDS: readonly string[] = (
  "percent percentage proportion share rate number numbers total figure figures amount many much how what get got " +
  "council leicestershire leics alone county latest now current currently recent recently moment today report reports paper " +
  "papers document according say said tell money level value stats statistics data end year years quarter term " +
  "period ago last past happen happened we our us need needs does did do there overall whole please minutes overview among hit hits reach reached make made see seen go went old olds came come comes coming take took taken put give gave given held hold keep kept long take takes taking takeup uptake new kind type sort not no back earlier before ago across around along beyond toward towards altogether roughly approximately approx about pack agenda dashboard compare compared comparing comparison versus fast quickly"
).split(" ");

/**
 * Everyday words councillors phrase questions with ("how many services sit under that umbrella", "the maximum
 * length of the contract", "had crept up lately"): they rarely name the subject, so they weigh like a soft word,
 * not like the rare term their scarcity in the papers would make them.
 */
export const PHRASING_WORDS: readonly string[] = (
  "sit sits sat sitting separate separately distinct individual various different main key actual actually " +
  "exact exactly precise precisely rough normal normally usual usually typical typically standard regular " +
  "regularly maximum minimum max min length lengths duration lately already still just really basically nearly " +
  "almost creep crept edge edged tick ticked head headed lasts lasted lasting deliver delivering delivered " +
  "quote quoted quotes mention mentioned mentions state stated states show shows showed shown include includes " +
  "included including involve involved cover covers covered covering run runs ran running look looked looking " +
  "find found think thought expect stand stood stands remain remained remains stay stayed appear appeared seem " +
  "seemed mean means meant thing things bit lot lots size picture situation umbrella entire big bigger small " +
  "smaller large larger huge tiny sharp sharply steep steeply slight slightly says able manage managed handle " +
  "handled deal dealt ended ending finish finished wrap count counted counting totalled tally exist exists " +
  "existed available apparently supposedly officially reckon reckoned claim claimed figured puts broadly " +
  "generally anyway going goes gone behind " +
  // Superlatives are answered by picking the largest or smallest figure, not by a paper printing the word.
  "single highest lowest largest smallest biggest greatest priciest costliest dearest cheapest fewest expensive " +
  // "How many times", "the latest one", "the plan's snapshot page": the count, a pronoun, where it was read.
  "times one page pages " +
  // Councillors' framing: "a resident asked me how many...", "a constituent wants to know...".
  "resident residents constituent constituents asked asking ask wondering wonder wants want know"
).split(" ");

/**
 * Glossary terms for the council itself, its officers and regulators: they appear beside any figure and never
 * narrow it to a subgroup ("Leicestershire County Council has 140 UASC in care").
 */
export const NEVER_QUALIFIES: ReadonlySet<string> = new Set([
  "LCC",
  "CFS",
  "LA",
  "LAs",
  "DCS",
  "DCFS",
  "LMCS",
  "DfE",
  "CYP",
  "CC",
  "OSC",
  "CMT",
  "DMT",
]);
