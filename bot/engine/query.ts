import { extractFigures } from "../../ingest/figures.js";
import { parseNumberMentions } from "../../ingest/numbers.js";
import { type Period, parseQueryPeriods } from "../../ingest/periods.js";
import { tokenize } from "../../ingest/tokenize.js";
import type { GlossaryEntry } from "../../ingest/types.js";
import { NON_CONTENT_WORDS, PHRASE_GROUPS, PHRASING_WORDS } from "./phrasing.js";
import { kindOfFigure } from "./profile.js";

/**
 * What a question asks for, read once before retrieval: the content it must be answered about (as concepts with
 * alternative wordings), the period, the kind of figure, hints at which paper, and whether the newest is wanted.
 * Pure: everything it needs comes in as arguments.
 */

/** Kinds of figure a question can ask for; null when it asks for a fact or names no kind. */
export type FigureKind = "percent" | "count" | "money" | "duration" | "number";

/** Which value of an indicator is wanted: the council's own, its target, or a comparator. */
export type ValueRole = "actual" | "target" | "benchmark";

/** One thing the question is about, with the ways the papers may word it (each a list of tokenizer terms). */
export interface Concept {
  label: string;
  alternatives: string[][];
  /** From the glossary or phrase list rather than the bare question word. */
  expanded: boolean;
  /**
   * A word that describes the answer rather than what it is about ("which consultancy", "who won", "when did it
   * start"): papers state the answer in their own words, so it weighs little.
   */
  soft?: boolean;
  /**
   * Names the paper rather than the subject ("In the VRN after-school briefing, what % ..."): a unit of that paper
   * need not state it in its own sentence.
   */
  paper?: boolean;
}

export interface DocHints {
  /** Meeting dates named as "the March 2024 overview", "the Nov 2021 report". */
  dates: { year: number; month: number | null }[];
  /** Tokenizer terms that should appear in the paper's title ("overview", "plan", "minut"). */
  titleTerms: string[];
  /** "the 2020-23 plan": periods in the title of the paper wanted. */
  titlePeriods: Period[];
  /** "the minutes": prefer minutes documents. */
  minutes: boolean;
}

export interface QueryInfo {
  question: string;
  /** The question with glossary expansions appended: what lexical and vector search see. */
  searchText: string;
  concepts: Concept[];
  /** Periods the answer must be about (document dates excluded). */
  periods: Period[];
  figureKind: FigureKind | null;
  role: ValueRole;
  docHints: DocHints;
  /** "now", "latest", "currently": the newest paper wins. */
  recency: boolean;
  /**
   * Places and organisations the question names ("Rutland", "Leicester City", "Welland House"): an answer must
   * come from a paper that names them, whatever else it covers.
   */
  names: string[][];
  /** "X vs Y", "and how many a year earlier?": two figures are wanted, the comparison one included. */
  comparison: boolean;
  /** Numbers the question itself states ("of the 53 referrals", "top 10"): context, never the answer. */
  given: number[];
  /** "in total", "altogether", "overall": the whole, not one of its parts. */
  total: boolean;
  /** "per week", "monthly": the rate the figure must be stated as. A year is left out: a 2023/24 figure is annual. */
  rate: Rate | null;
  /** Words of what the question rules out ("headcount, not FTE", "..., not the stretch one"): never its subject. */
  excluded: string[];
  /** "What was it before it dropped?", "earlier in 2023, before it came down": the value a change started from. */
  before: boolean;
  /** "By how many has it gone up?", "what was the increase?": the size of a change, not the values either side. */
  change: boolean;
  /** "How much of the department's savings comes from DCFSF?": a part of a whole, not the whole. */
  part: boolean;
  /** "From what age", "how old": an age is the answer, where otherwise it never is. */
  age: boolean;
}

const AGE_WORDS = new Set(tokenize("age ages old"));
const AGE_ASKED =
  /\b(?:what|which) ages?\b|\bhow old\b|\bage (?:range|limit|group|band)\b|\b(?:minimum|maximum|upper|lower) age\b/i;

/**
 * A clause ruling something out: ", not the stretch one", "- and not what it's delivering now", ", excluding
 * agency staff". Only after a comma, dash or "and": "young people not in education" asks about them.
 */
const EXCLUSION =
  /(?:[,;–—(]|\s-|\band)\s*(?:but\s+)?(?:not|rather than|other than|excluding|except(?:\s+for)?)\s+([^,;?.()]*?)(?=\s*(?:[,;?.()]|\band\s+not\b|\bbut\b|$))/gi;

function exclusions(question: string): Array<[number, number]> {
  return [...question.matchAll(EXCLUSION)].map((m) => [m.index, m.index + m[0].length]);
}

export type Rate = "week" | "month" | "day" | "year";

const RATES: readonly { rate: Rate; re: RegExp }[] = [
  { rate: "week", re: /\b(?:per|a|each|every)\s+week\b|\bweekly\b/i },
  { rate: "month", re: /\b(?:per|a|each|every)\s+month\b|\bmonthly\b/i },
  { rate: "day", re: /\b(?:per|a|each|every)\s+day\b|\bdaily\b/i },
  // "99 children a year", not "a year earlier" nor "3+ placements in a year".
  {
    rate: "year",
    re: /\b(?:per|each|every)\s+year\b|(?<!\b(?:in|within|during|for|over|than|once|twice)\s+)\ba\s+year\b(?!\s+(?:earlier|ago|before|later|on|after|previously|back|since))|\bannually\b|\bper annum\b/i,
  },
];

/** A rate a number the question states is given at: "over £10k a week", "2.5 a month". */
const GIVEN_RATE = /[£\d][\d,.]*\s*(?:k|m|million|bn)?\s+(?:a|per|each|every)\s+(?:week|month|day|year)\b/gi;

const NON_CONTENT = new Set(NON_CONTENT_WORDS.flatMap((w) => tokenize(w)));
const PHRASING = new Set(PHRASING_WORDS.flatMap((w) => tokenize(w)));

const KIND_PATTERNS: { kind: FigureKind; re: RegExp }[] = [
  {
    kind: "percent",
    re: /%|\bper ?cent(age)?s?\b|\bproportion\b|\bwhat share\b|\bratio\b|\brate\b|\bhow often\b|\bhow (fast|quickly)\b(?=[^?]*\b(gr[eo]w|grown|ris|rose|increas|fall|fell|drop|declin|reduc|go(ne|ing)? (up|down)|went (up|down)))/i,
  },
  {
    kind: "duration",
    re: /\bhow long\b|\b(length|duration)\b|\bhow many (weeks|days|months|years|hours)\b|\bhow much time\b|\bhow (soon|fast|quickly)\b|\baverage time\b|\btime taken\b|\bin (weeks|days|months|years|hours)\b|\b(assessment|waiting|wait|response|processing|completion|turnaround) times?\b/i,
  },
  // "How many ... out of the UASC budget" counts people: a money word elsewhere does not make it a sum.
  { kind: "count", re: /\bhow many\b/i },
  {
    kind: "money",
    re: /£|\bhow much\b(?! time)|\bbudget(?:ed|s)?\b|\bbill\b|\bcosts?\b|\bcosting\b|\bspend(ing)?\b|\bspent\b|\bsavings?\b|\bsave\b|\bfunding\b|\bgrant\b|\bvalue of\b|\bworth\b|\bmoney\b|\bgrowth\b|\bbenefit\b|\ballocation\b|\bcapital\b|\binvestment\b|\bfees?\b/i,
  },
  { kind: "count", re: /\bnumber of\b|\bcount of\b|\bhow big\b|\bsize of\b|\bhead ?count\b/i },
  { kind: "number", re: /\bscore\b|\bindex\b/i },
];

const COMPARISON =
  /\bvs\.?\b|\bversus\b|\bcompar(e|ed|es|ing|ison)\b|\b(the )?(year|quarter|term|period) (before|earlier)\b|\b(a|one) year (before|earlier|ago)\b|\bprevious (year|quarter)('s)? (figure|number|value)\b|\bboth\b|\btwo (numbers|figures)\b|\band (how many|how much|what)\b/i;
const YEAR_BEFORE_ONLY = /\b(?:a|one|the) (?:year|quarter) (?:before|earlier|ago|previously)\b/i;
const BOTH_ASKED =
  /\bvs\.?\b|\bversus\b|\bcompar|\bboth\b|\band (?:now|today|currently|this year)\b|\band (?:the|a|one) (?:year|quarter) (?:before|earlier)\b|\band (?:how many|how much|what)\b|\bchange|\bdifference\b/i;
const BEFORE_CHANGE =
  /\bbefore (?:it|they|this|that|the \w+|[a-z]+) (?:dropped|fell|came down|went down|rose|went up|increased|decreased|declined|improved|worsened|changed|reduced|grew|got (?:better|worse))\b|\bbefore (?:this|that|the|its|their) (?:year's |latest |recent )?(?:rise|fall|increase|decrease|drop|improvement|change|jump|dip)\b|\b(?:the )?(?:year|quarter|term) before the (?:latest|current|most recent)\b|\bprevious[- ](?:year|quarter)(?:['’]s)? (?:figure|value|number|result)\b|\bwhat (?:was|were) (?:it|they) (?:before|at the start)\b|\bstarting (?:point|figure|value)\b/i;
const CHANGE_WORD =
  "(?:increase|increased|rise|risen|rose|grow|grown|growth|gone up|gone down|go up|go down|went up|went down|fall|fallen|fell|drop|dropped|decrease|decreased|reduction|reduced|change|changed|difference)";
/** "By how many has it gone up?", "what was the increase?": the size of a change asked in other words. */
const CHANGE_SIZE = new RegExp(
  String.raw`\bby how (?:many|much)\b|\bby what (?:%|percentage|per ?cent|proportion|amount)|\bhow (?:big|large) (?:was |is |a )?(?:the |an? )?${CHANGE_WORD}\b|\bwhat (?:was|is|'s) the ${CHANGE_WORD}\b|\bsize of the ${CHANGE_WORD}\b|(?:%|\bper ?cent(?:age)?)\s+${CHANGE_WORD}\b`,
  "i",
);
const TARGET = /\btargets?\b|\baim(ed)? for\b|\bgoals?\b|\bambitions?\b/i;
/** "Of the department's savings target to 24/25, how much ...": the whole a part is asked of, up to the asking. */
const PART_OPENING = /^\s*of (?:the|our|its|their)\b[^?]*?(?=\bhow (?:much|many)\b)/i;
/** A comparator asked for, in councillors' words: "the national average", "stat neighbour avg", "nationally". */
const BENCHMARK =
  /\b(national|england|english|regional|east midlands|comparator)\s+(average|avg|figure|rate|level|mean|median|benchmark|performance)s?\b|\b(statistical|stat\.?)\s+neighbou?rs?\b|\bsn (average|avg)\b|\bbenchmarks?\b|\bnationally\b|\bacross the country\b|\b(average|avg) (for|in|across) england\b/i;
const RECENCY =
  /\b(now|latest|currently|current|most recent|at the moment|at present|these days|today|up to date|this year|so far)\b/i;

/** Nouns that make a date in a question the date of a paper ("the March 2024 overview") rather than of the data. */
const DOC_NOUN =
  /^[\s,]*(?:(?:[A-Za-z'’&-]+\s+){0,4}?)(report|reports|overview|minutes|paper|papers|plan|meeting|committee|agenda|pack|update|dashboard|document|item)\b/i;
const DOC_PREFIX =
  /\b(report|overview|minutes|paper|meeting|committee|agenda|pack|update|document)\s+(of|from|dated|for)\s+(the\s+)?$|\b(report|overview|minutes|paper|update|document|plan)\s*[(,]?\s*$/i;

const TITLE_HINTS: { re: RegExp; terms: string[] }[] = [
  { re: /\bminutes\b/i, terms: ["minut"] },
  { re: /\b(dept|department(al)?)\s+plan\b|\bthe\s+(20\d\d\s+)?plan\b/i, terms: ["plan"] },
  { re: /\boverview\b/i, terms: ["overview"] },
  { re: /\bperformance report\b|\bdashboard\b/i, terms: ["performanc"] },
  { re: /\bpartnership plan\b/i, terms: ["partnership", "plan"] },
];

/** Nouns naming a paper or the study it reports. */
const PAPER_NOUN =
  "(?:report|briefing|plan|pack|papers?|dashboard|minutes|overview|strategy|update|presentation|document|appendix|meeting|newsletter|deep dive|review|survey|audit|inspection|evaluation|consultation|programme|item)";

/** "In the VRN after-school briefing", "according to the 2021 report", "in the Newton deep dive", "does the final
 * dept plan show": the words naming a paper or the study it reports. */
const PAPER_PHRASE = new RegExp(
  `\\b(?:in|from|according to|per|on|(?:does|did|do)(?=\\s+\\S+\\s+(?:[\\w'’/-]+\\s+){0,5}?\\w+\\s+(?:show|say|give|state|put|report|list|have)\\b))\\s+(?:the|their|its|our|this|that)\\s+((?:[\\w'’/-]+\\s+){0,5}?${PAPER_NOUN})\\b`,
  "gi",
);

/** "VRN after-school deep dive: what % ...", "UASC report - how many ...": a question opening by naming its paper. */
const PAPER_OPENING = new RegExp(`^\\s*((?:[\\w'’/-]+\\s+){0,5}?${PAPER_NOUN})\\s*(?::|\\s[-–—]\\s)`, "gi");

function paperPhraseTerms(question: string): string[] {
  return [...question.matchAll(PAPER_PHRASE), ...question.matchAll(PAPER_OPENING)].flatMap((m) =>
    tokenize((m[1] ?? "").replace(/(?<=[A-Za-z])-(?=[A-Za-z])/g, " ")),
  );
}

function findSequence(tokens: string[], seq: string[], from = 0): number {
  outer: for (let i = from; i + seq.length <= tokens.length; i++) {
    for (let j = 0; j < seq.length; j++) if (tokens[i + j] !== seq[j]) continue outer;
    return i;
  }
  return -1;
}

interface Alias {
  /** Tokens of this wording as it may appear in the question. */
  match: string[];
  alternatives: string[][];
  /** The other wordings as written, added to the search text. */
  rawAlternatives: string[];
  label: string;
  /** Glossary acronyms name populations and programmes; other entries and phrase groups are everyday wording. */
  glossary: boolean;
}

function glossaryAliases(glossary: readonly GlossaryEntry[]): Alias[] {
  const aliases: Alias[] = [];
  for (const entry of glossary) {
    const synonyms = entry.synonyms ?? [];
    // Only acronyms name populations and programmes ("FSM", "UASC"); entries like "kids" are plain wording.
    const acronym = /^[A-Z][A-Za-z]*[A-Z][A-Za-z]*$/.test(entry.term);
    addGroup(aliases, [entry.term, entry.expansion, ...synonyms], entry.term, acronym);
  }
  for (const group of PHRASE_GROUPS) addGroup(aliases, group, group[0] ?? "", false);
  // Longest wording first, so "child protection plan" wins over "child protection".
  return aliases.sort((a, b) => b.match.length - a.match.length);
}

function addGroup(aliases: Alias[], wordings: readonly string[], label: string, glossary: boolean): void {
  const seen = new Set<string>();
  const forms: { raw: string; tokens: string[] }[] = [];
  // "asylum-seeking" also gives the joined term "asylumseeking": the spaced form is added so a question that
  // writes "asylum seeking" still matches.
  const spelled = wordings.flatMap((w) => (w.includes("-") ? [w, w.replace(/-/g, " ")] : [w]));
  for (const raw of spelled) {
    const tokens = tokenize(raw);
    const key = tokens.join(" ");
    if (tokens.length === 0 || seen.has(key)) continue;
    seen.add(key);
    // "in care", "set up" and "take up" lose their small words and would match any "care", "set" or "take":
    // such a wording is left out rather than read as its one remaining word.
    if (tokens.length === 1 && raw.trim().split(/\s+/).length > 1) continue;
    forms.push({ raw, tokens });
  }
  if (forms.length < 2) return;
  const alternatives = forms.map((f) => f.tokens);
  for (const form of forms) {
    aliases.push({
      match: form.tokens,
      alternatives,
      rawAlternatives: forms.filter((f) => f !== form).map((f) => f.raw),
      label,
      glossary,
    });
  }
}

/** Aliases are built once per glossary; the engine keeps the result. */
export function buildAliases(glossary: readonly GlossaryEntry[]): Alias[] {
  return glossaryAliases(glossary);
}

export type Aliases = Alias[];

/** Glossary terms stated in a run of tokenizer terms ("Free School Meals (FSM) status" -> FSM). */
export function glossaryConceptsIn(tokens: readonly string[], aliases: Aliases): Concept[] {
  const used = new Array<boolean>(tokens.length).fill(false);
  const out: Concept[] = [];
  for (const alias of aliases) {
    if (!alias.glossary) continue;
    const at = findSequence(tokens as string[], alias.match);
    if (at < 0 || used.slice(at, at + alias.match.length).some(Boolean)) continue;
    for (let i = at; i < at + alias.match.length; i++) used[i] = true;
    if (!out.some((c) => c.label === alias.label)) {
      out.push({ label: alias.label, alternatives: alias.alternatives, expanded: true });
    }
  }
  return out;
}

/** Tokens a question names, its own and those of its concepts' other wordings. */
export function askedTokens(q: QueryInfo): Set<string> {
  return new Set([...tokenize(q.question), ...q.concepts.flatMap((c) => c.alternatives.flat())]);
}

/** Spans of the question that name a period, a paper or a kind of answer, blanked before content terms are read. */
function blank(text: string, spans: Array<[number, number]>): string {
  let out = text;
  for (const [s, e] of spans) out = out.slice(0, s) + " ".repeat(e - s) + out.slice(e);
  return out;
}

function splitPeriods(
  question: string,
  periods: Period[],
): { data: Period[]; doc: Period[]; titled: Period[] } {
  const data: Period[] = [];
  const doc: Period[] = [];
  const titled: Period[] = [];
  for (const p of periods) {
    const after = question.slice(p.index + p.raw.length);
    const before = question.slice(0, p.index);
    // "over the last year" is the paper's own trailing twelve months, not the calendar year before today.
    if (
      /^(?:the )?(last|past) (year|twelve months|12 months)$/i.test(p.raw) &&
      /\b(over|in|during|within|for) the\s*$/i.test(before)
    )
      continue;
    const namesPaper = DOC_NOUN.test(after) || DOC_PREFIX.test(before);
    // "the 2020-23 plan" names a plan by its years; "the March 2024 overview" a paper by its meeting.
    const plan = /^\s*(?:[A-Za-z'’-]+\s+){0,2}?(plan|strategy)\b/i.test(after);
    if (namesPaper && (p.kind === "month" || p.kind === "date" || p.kind === "year")) doc.push(p);
    else if (plan && (p.kind === "range" || p.kind === "year")) titled.push(p);
    // "the Q3 23/24 report can't give a current figure": the quarter names the report, whose other periods it asks.
    else if (namesPaper && p.kind === "quarter") titled.push(p);
    else data.push(p);
  }
  return { data, doc, titled };
}

/**
 * Terms that name the answer's type or the question's verb: "which CONSULTANCY", "what KIND of", "who WON",
 * "when did ... START", "when was ... APPROVED".
 */
function softTerms(question: string): Set<string> {
  const out = new Set<string>();
  const add = (words: string | undefined) => {
    if (words) for (const t of tokenize(words)) out.add(t);
  };
  const q = question.trim().replace(/[?.!\s]+$/, "");
  add(/^\s*(?:which|what)\s+(?:kind|type|sort)\s+of\s+([A-Za-z'’-]+)/i.exec(q)?.[1]);
  add(/^\s*which\s+([A-Za-z'’-]+)/i.exec(q)?.[1]);
  add(/^\s*who\s+([A-Za-z'’-]+)/i.exec(q)?.[1]);
  if (
    /^\s*(?:when|where|who|how|did|does|do|was|were|has|have|is|are)\b.*\b(?:did|does|do|was|were|is|are|has|have|had|will)\b/i.test(
      q,
    )
  ) {
    add(/([A-Za-z'’-]+)(?:\s+(?:up|off|out|on))?$/.exec(q)?.[1]);
  }
  return out;
}

/** Capitalised words inside the question that are neither its first word nor a known acronym or wording. */
function properNames(question: string, aliases: Aliases): string[][] {
  const out: string[][] = [];
  // A name opens the question only as its topic label: "Hinckley - how many kids...".
  const runs = question.matchAll(
    /(?:(?<=\S\s+)|^\s*(?=(?:[A-Z][a-z'’]+\s+){0,2}[A-Z][a-z'’]+\s*[-–:]\s))((?:[A-Z][a-z'’]+\b)(?:\s+(?:[A-Z][a-z'’]+\b|of\b|and\b|for\b))*)(?![A-Za-z])/g,
  );
  for (const m of runs) {
    const words = (m[1] ?? "").replace(/\s+(of|and|for)$/, "");
    const tokens = tokenize(words).filter((t) => !NON_CONTENT.has(t));
    if (tokens.length === 0) continue;
    // Wordings the glossary knows ("Free School Meals", "Children in Care") are topics, not names.
    if (aliases.some((a) => a.match.length <= tokens.length && findSequence(tokens, a.match) >= 0)) continue;
    if (COMMON_CAPITALISED.has(tokens[0] ?? "")) continue;
    out.push(tokens);
  }
  return out;
}

/**
 * Capitalised in questions for emphasis or as titles, not names: "Cabinet", "Ofsted", "Council"... A person ("the
 * Chair's answer to Mr Warwick") says who spoke, not whom a figure is about; "Section 47" is a statute.
 */
const COMMON_CAPITALISED = new Set(
  tokenize(
    "Mr Mrs Ms Miss Dr Cllr Councillor Chair Chairman Chairs Section Part Schedule Regulation Article " +
      "Cabinet Committee Council Scrutiny Director Department Service Services Children Q Quarter Report Plan " +
      "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec January February March April May June July August " +
      "September October November December Spring Summer Autumn Winter",
  ),
);

/**
 * "How much has X grown / gone up?": a change, stated as a percentage, a sum or a count as the paper chooses, so
 * no kind is imposed. "How much has the budget grown in £" still names its kind.
 */
const CHANGE_ASKED =
  /\bhow much (?:ha(?:ve|s|d)|did|do|does|will|is|are|was|were)\b[^?]*\b(gr[eo]wn?|growth|increas\w*|ris(?:e|en|ing)|rose|fall(?:en)?|fell|drop(?:ped)?|decreas\w*|reduc\w*|chang\w*|gone (?:up|down)|go(?:ne)? (?:up|down)|went (?:up|down))\b/i;

/**
 * Numbers the question itself states ("Of the 53 CCE referrals", "the three authorities", "now average £5.8k a
 * week"): never its answer. Read by the one number parser; a percentage stays out ("39% were out of area - what is
 * the long-term average?" is rare beside "is it above 90%?"), and "one" is too often a pronoun.
 */
function givenNumbers(text: string): number[] {
  const parsed = parseNumberMentions(text)
    .filter((m) => m.role === "figure" && !m.percent && !m.pp && !/^one$/i.test(m.raw.trim()))
    .map((m) => m.amount);
  // Bare digits the parser reads as ages or labels ("over-18 former UASC") are stated all the same.
  const digits = [...text.matchAll(/(?<![A-Za-z\d.,£])\d+(?:\.\d+)?(?![A-Za-z\d%])/g)].map((m) =>
    Number(m[0]),
  );
  return [...new Set([...parsed, ...digits])];
}

/**
 * "EHCP assessments take about 35 wks now - what was it earlier in 2023?", "now £5.8k a week - what was the budget?":
 * a question naming no kind but stating one quantity asks for another of the same kind.
 */
function statedKind(question: string): FigureKind | null {
  const kinds = new Set(
    extractFigures(question)
      // "within 12 months", "in 45 days": a span that names the measure, not a value stated.
      // "the 45-day target": a hyphenated span names the measure too.
      .filter(
        (f) =>
          STATED_UNITS.has(f.unit) &&
          !SPAN_BEFORE.test(question.slice(Math.max(0, f.start - 12), f.start)) &&
          !/^\s*-/.test(question.slice(f.end)),
      )
      .map((f) => kindOfFigure(f)),
  );
  return kinds.size === 1 ? ([...kinds][0] ?? null) : null;
}

const STATED_UNITS: ReadonlySet<string> = new Set(["gbp", "weeks", "days", "months", "hours"]);
const SPAN_BEFORE = /\b(?:within|in|over|after|under|for|than|last|past|next|every|per)\s+$/i;

function asksChange(question: string): boolean {
  return CHANGE_ASKED.test(question) || CHANGE_SIZE.test(question);
}

export function figureKindOf(question: string): FigureKind | null {
  if (CHANGE_ASKED.test(question) && !/£|%|\bper ?cent|\bpounds\b/i.test(question)) return null;
  for (const { kind, re } of KIND_PATTERNS) if (re.test(question)) return kind;
  return null;
}

const MONTH_WORD =
  "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

/**
 * Shorthand councillors write that the papers never do, rewritten before the question is read: "Dec 23" is
 * December 2023, "the year before 19/20" is 2018/19, "16/17 year olds" are ages (not the year 2016/17), "gone
 * up" is an increase, "kick off" a start, and "what are the two numbers" asks for a comparison without naming
 * anything to look for.
 */
export function councillorWording(question: string): string {
  return (
    question
      .replace(
        new RegExp(`\\b(${MONTH_WORD})\\.?\\s+'?([1-3]\\d)\\b(?![/.\\d]|:\\d|st|nd|rd|th)`, "gi"),
        (_m, month: string, yy: string) => `${month} 20${yy}`,
      )
      .replace(/\b(\d{1,2})\s*[/-]\s*(\d{1,2})(?=[\s-]*years?[\s-]*olds?\b)/gi, "$1 and $2")
      // "the year before 19/20" names 2018/19: one period asked, not a comparison.
      .replace(
        /\b(?:the\s+)?year\s+(?:before|prior\s+to|preceding)\s+(?:(20)?(\d{2})\s*[/-]\s*(?:20)?(\d{2})|(\d{4}))\b/gi,
        (m, _c: string, a?: string, b?: string, y?: string) =>
          y
            ? String(Number(y) - 1)
            : a && b && Number(b) === (Number(a) + 1) % 100
              ? `20${String(Number(a) - 1).padStart(2, "0")}/${a}`
              : m,
      )
      .replace(/\b(?:gone|go|goes|going|went)\s+up\b/gi, "increased")
      .replace(/\b(?:gone|go|goes|going|went)\s+down\b/gi, "decreased")
      .replace(/\bkick(?:ed|s)?\s+off\b/gi, "started")
      // Councillors' shorthand for the word the papers print (and the kind patterns read: "average time").
      .replace(/\bavg\b\.?/gi, "average")
      // "run 2+ yrs": the papers write "two years or more".
      .replace(
        /\b([1-9])\s*\+\s*(yrs?|years?|mths|months?|weeks?|days?)\b/gi,
        (_m, n: string, unit: string) => `${NUMBER_WORDS[Number(n)]} ${unit} or more`,
      )
      // "didn't have", "isn't": the negation is a word, not part of a content word "didnt".
      .replace(/\bcan['’]t\b/gi, "can not")
      .replace(/\bwon['’]t\b/gi, "will not")
      .replace(/\b([a-z]+)n['’]t\b/gi, "$1 not")
      // "childrens services", "young peoples": a possessive typed without its apostrophe.
      .replace(/\b(children|people)s\b/gi, "$1's")
      // "yr 6 kids", "Y11": a school year group, not a span of years.
      .replace(/\b(?:yr|y)\s?(\d{1,2})\b/gi, "Year $1")
      .replace(/\byrs\b/gi, "years")
      .replace(/\byr\b/gi, "year")
      .replace(/\bwks\b/gi, "weeks")
      .replace(/\bwk\b/gi, "week")
      // "no of children re-referred": the number of them.
      .replace(/\bno\.?\s+of\b/gi, "number of")
      .replace(/\bE(?:ast)?\.?\s*Mids\b/gi, "East Midlands")
      // "a 2nd (or later) CP plan": brackets around a qualifier do not change what is asked.
      .replace(/\((or (?:later|subsequent|more))\)/gi, "$1")
      .replace(
        /\b(?:(?:what|which)\s+(?:are|were)\s+)?(?:the\s+)?(?:two|both)\s+(?:numbers|figures)\b/gi,
        " ",
      )
  );
}

const NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

/** Reads a question. `aliases` come from `buildAliases(store.glossary)`; `now` resolves "last year". */
export function understandQuestion(asked: string, aliases: Aliases, now: Date): QueryInfo {
  // "EHCPs", "VRUs": an acronym's plural is the acronym (same length, so offsets stay put).
  const question = councillorWording(asked).replace(
    /\b([A-Z][A-Z0-9]+[A-Za-z]*?)s\b/g,
    (_m, a: string) => `${a} `,
  );
  const excludedSpans = exclusions(question);
  // "Q3, not Q2": the period ruled out is not asked.
  const allPeriods = parseQueryPeriods(question, now).filter(
    (p) => !excludedSpans.some(([s, e]) => p.index >= s && p.index < e),
  );
  const { data, doc, titled } = splitPeriods(question, allPeriods);

  const docHints: DocHints = {
    dates: doc.map((p) => ({
      year: Number(p.start.slice(0, 4)),
      month: p.kind === "year" ? null : Number(p.start.slice(5, 7)),
    })),
    titleTerms: [],
    titlePeriods: titled,
    // "As discussed on the Q3 performance item", "when scrutiny discussed it": what a meeting said is in its minutes.
    minutes: /\bminutes\b|\bdiscuss(?:ed|ion)\b|\bdebated?\b/i.test(question),
  };
  for (const hint of TITLE_HINTS) if (hint.re.test(question)) docHints.titleTerms.push(...hint.terms);

  // "Y6" is how councillors write "Year 6".
  const blanked = blank(question, [
    ...allPeriods.map((p): [number, number] => [p.index, p.index + p.raw.length]),
    ...excludedSpans,
  ]).replace(/\bY(\d{1,2})\b/g, (m, n: string) => `Year ${n}`.padEnd(m.length + 3));
  // "reviews-in-timescale" is read word by word; the joined form the tokenizer also gives matches nothing.
  // "vs" compares; it is not the Virtual School.
  const tokens = tokenize(
    blanked.replace(/(?<=[A-Za-z])-(?=[A-Za-z])/g, " ").replace(/\b(vs\.?|versus|v\.)(?=\s)/gi, " "),
  );
  // "how many teams ... (not counting the SGO team)": a word the question also asks about is not ruled out.
  const excluded = excludedSpans
    .flatMap(([s, e]) => tokenize(question.slice(s, e)))
    .filter((t) => !NON_CONTENT.has(t) && !tokens.includes(t));
  const used = new Array<boolean>(tokens.length).fill(false);
  const concepts: Concept[] = [];
  const expansions: string[] = [];

  const soft = softTerms(blanked);
  for (const alias of aliases) {
    let at = findSequence(tokens, alias.match);
    while (at >= 0) {
      const span = used.slice(at, at + alias.match.length);
      if (!span.some(Boolean)) {
        for (let i = at; i < at + alias.match.length; i++) used[i] = true;
        const isSoft = alias.match.every((t) => soft.has(t));
        // "former UASC ... the UASC budget": one subject named twice weighs once.
        if (!concepts.some((c) => c.expanded && c.label === alias.label))
          concepts.push({
            label: alias.label,
            alternatives: alias.alternatives,
            expanded: true,
            ...(isSoft ? { soft: true } : {}),
          });
        expansions.push(...alias.rawAlternatives);
      }
      at = findSequence(tokens, alias.match, at + 1);
    }
  }
  tokens.forEach((t, i) => {
    if (used[i] || NON_CONTENT.has(t)) return;
    if (concepts.some((c) => !c.expanded && c.label === t)) return;
    const isSoft = soft.has(t) || PHRASING.has(t);
    concepts.push({ label: t, alternatives: [[t]], expanded: false, ...(isSoft ? { soft: true } : {}) });
  });
  // A concept made only of non-content words ("number of") says nothing about the subject.
  const paperWords = new Set(paperPhraseTerms(blanked));
  const age = AGE_ASKED.test(question);
  // "What age ...": the age is the answer's kind, stated by the figure ("ten years old"), not a subject word.
  const answerKind = (t: string) => NON_CONTENT.has(t) || (age && AGE_WORDS.has(t));
  const content = concepts
    .filter((c) => !c.alternatives.every((alt) => alt.every(answerKind)))
    .map((c) =>
      c.alternatives.some((alt) => alt.every((t) => paperWords.has(t))) ? { ...c, paper: true } : c,
    );

  const searchText = [question, ...new Set(expansions)].join(" ");
  const earlierOnly = YEAR_BEFORE_ONLY.test(question) && !BOTH_ASKED.test(question);
  // "the £16m savings target", "of the dept's savings target to 24/25, how much ...": the target is the whole whose
  // part is asked, not the answer.
  const role: ValueRole = TARGET.test(
    question
      .replace(/[£$]?\d[\d,.]*\s*(?:m|k|bn|million|%)?\s+(?:[A-Za-z-]+\s+)?targets?\b/gi, " ")
      .replace(PART_OPENING, " "),
  )
    ? "target"
    : BENCHMARK.test(question)
      ? "benchmark"
      : "actual";

  return {
    question: asked,
    searchText,
    names: properNames(blanked, aliases),
    // "By how many has it gone up compared with a year ago?" asks for one figure, the change, not a pair ("how
    // much have EHCPs grown here compared with England" still compares two changes).
    // "The caseload a year before?" asks only the earlier value; "vs a year before" asks both.
    comparison: COMPARISON.test(question) && !CHANGE_SIZE.test(question) && !earlierOnly,
    before: BEFORE_CHANGE.test(question) || earlierOnly,
    change: asksChange(question),
    part: /\bhow (?:much|many) of\b/i.test(question) || PART_OPENING.test(question),
    concepts: content,
    periods: data,
    // "(the number, not the %)": a kind ruled out is not the kind asked.
    figureKind: figureKindOf(blank(question, excludedSpans)) ?? statedKind(question),
    role,
    docHints,
    recency: RECENCY.test(blank(question, excludedSpans)),
    given: givenNumbers(blanked),
    total: /\b(in total|total|totals|altogether|all together|overall|combined|whole)\b/i.test(question),
    // "How many have been costing over 10k a week?": the week is the threshold's, not a rate asked of the count.
    rate: RATES.find((r) => r.re.test(question.replace(GIVEN_RATE, " ")))?.rate ?? null,
    excluded,
    age,
  };
}
