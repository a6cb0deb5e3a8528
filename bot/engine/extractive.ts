import { extractPeriods } from "../../ingest/periods.js";
import { tokenize } from "../../ingest/tokenize.js";
import { type FigureFeatures, type FigureWeights, figureScore } from "./figureScore.js";
import { NEVER_QUALIFIES } from "./phrasing.js";
import { type FigureInfo, kindAnswers, type SentenceInfo, type UnitProfile } from "./profile.js";
import {
  type Aliases,
  askedTokens,
  type Concept,
  glossaryConceptsIn,
  type QueryInfo,
  type Rate,
} from "./query.js";
import {
  type ConceptWeight,
  conceptCovered,
  coverage,
  documentFit,
  fitOf,
  type PeriodFit,
  type Ranked,
  unitFit,
} from "./rerank.js";
import type { Span } from "./sentences.js";
import { hasPhrase, joinedSegments, joinTerms, NO_TERMS, type Terms, termsOf } from "./terms.js";

/**
 * The offline answer: the paper's own sentence that answers, with the asked-for figure picked out. The hard part
 * is saying no: a unit answers only when it covers what the question is about, states a figure of the kind asked
 * (for the council, not a target or comparator, unless those were asked for), and for the period asked.
 */

/** Share of the question's weighted content the answering unit must state. Calibrated on the dev set. */
export const MIN_UNIT_COVERAGE = 0.68;
/** Share the quoted sentence(s), read with the unit's heading, must state. */
export const MIN_QUOTE_COVERAGE = 0.6;
/**
 * The same share for a quote that gives a figure. Measured on figure answers to unread questions: those whose quote
 * covered less than three quarters were wrong; no right one covered less.
 */
export const MIN_FIGURE_QUOTE_COVERAGE = 0.75;
/** A figure's sentence (with the one before it) must state this much of the question by itself. */
export const MIN_SENTENCE_COVERAGE = 0.5;
/**
 * The same for a figure dated to the period the question asks: the date is evidence its sentence need not repeat
 * ("Feb 2020: 20%" in a table headed by the measure). On the read sets 0.4 answered six more and no wrong one.
 */
export const MIN_DATED_SENTENCE_COVERAGE = 0.4;
/** A fact answer's sentence must state this much of the question by itself, not through its headings. */
export const MIN_FACT_COVERAGE = 0.6;
/** What a sentence loses when its nearest heading, not the sentence, names part of the subject. */
const SECTION_DISCOUNT = 0.15;
/** How much the unit's rerank score counts against its best sentence, for an answer without a figure. */
const FACT_RANK_WEIGHT = 0.5;
/** What a table row loses against prose as the answer to a question that asks for no figure. */
const TABLE_FACT_PENALTY = 0.5;
/** Reranked units examined for an answer. */
export const MAX_CANDIDATES = 20;
/** A quote longer than this is cut to its answering sentence. */
const MAX_QUOTE_CHARS = 600;

export interface Pick {
  ranked: Ranked;
  quote: Span;
  figure: FigureInfo | null;
  /** For a comparison question: the other figure compared (the year before, the target...). */
  second: FigureInfo | null;
  /** "266 of 322" beside the headline figure, when the sentence gives it. */
  detail: string | null;
  unitCoverage: number;
  quoteCoverage: number;
  /** Coverage of the answering sentence (and the one before it) on its own. */
  sentenceCoverage: number;
  fit: PeriodFit;
  answers: boolean;
  /** Why it does not answer (for logs and tests). */
  reason: string | null;
  score: number;
  /** Every figure of the unit examined: scored, or vetoed with the reason (what `npm run train` reads). */
  candidates: FigureCandidate[];
}

const union = joinTerms;

/** Words at most between a figure and the bracket that details it: "1400 (1218 FTE)", "222 lower than ... (12,801)". */
const BRACKET_DETAIL_WORDS = 8;

/**
 * A figure in brackets opened after another figure of its sentence describes that one: its base ("65.4% (483
 * children)"), its rate ("31 children ... (on average 2.5 children per month)") or a comparison ("88.9%, an increase
 * from quarter 2 (88.2%)"). It is not the headline.
 */
function isBracketDetail(f: FigureInfo, p: UnitProfile): boolean {
  const { from, previous } = figureLead(f, p);
  if (previous === null) return false;
  const between = p.unit.text.slice(from, f.figure.start);
  const open = between.lastIndexOf("(");
  // "0.6% below the England average which is at its highest level in over 6 years (90.8%)": a bracket a whole
  // clause after the figure before it gives the value that clause names, not that figure's detail.
  if (between.slice(0, Math.max(open, 0)).trim().split(/\s+/).length > BRACKET_DETAIL_WORDS) return false;
  return open > between.lastIndexOf(")");
}

/**
 * The bracket around a detail figure says what the question asks and the rest of its sentence does not: "31
 * children ... (on average 2.5 children per month)" answers "how many a month on average".
 */
function bracketAsked(f: FigureInfo, p: UnitProfile, q: QueryInfo): boolean {
  const s = p.sentences[f.sentence];
  if (!s) return false;
  const text = p.unit.text;
  const open = text.lastIndexOf("(", f.figure.start);
  const close = text.indexOf(")", f.figure.end);
  if (open < s.start || close < 0 || close > s.end) return false;
  const inside = new Set(p.terms(text.slice(open + 1, close)));
  const outside = new Set(p.terms(`${text.slice(s.start, open)} ${text.slice(close + 1, s.end)}`));
  const negated = new Set(q.excluded);
  return q.concepts.some(
    (c) =>
      !c.soft &&
      !c.alternatives.some((alt) => alt.some((t) => negated.has(t))) &&
      c.alternatives.some((alt) => alt.every((t) => inside.has(t) && !outside.has(t))),
  );
}

/**
 * The thing a count counts is the next word after it (brackets skipped): "140 UASC in care" counts UASC, and
 * answers a question about UASC, not one about all children in care.
 */
function countedWordCovered(f: FigureInfo, text: string, q: QueryInfo): boolean {
  // "the number of children in care increased from 27 to 58", "50 children began ..., an increase from 40 reported":
  // the start or end of a change counts what the sentence named before it.
  if (CHANGE_END_BEFORE.test(text.slice(Math.max(0, f.figure.start - 30), f.figure.start))) return true;
  let rest = text.slice(f.figure.end, f.figure.end + 80);
  // The sentence ends at the figure ("...was 22184. On average..."): the subject came before it.
  if (SENTENCE_END.test(rest)) return true;
  if (endsInfographicLine(rest)) return true;
  rest = rest.replace(/^\s*\([^)]*\)/, "");
  // "...from 11 to 34 (209%). This...": the bracket closed the sentence.
  if (SENTENCE_END.test(rest)) return true;
  rest = rest.replace(/^[\s\d,.+%–-]+/, "");
  // The first content word within the next few: "3 or more placements" counts placements.
  // "comprises of five teams.": the last word may end the sentence.
  const head = /^[\s,]*((?:[A-Za-z'’-]+[\s,]+){0,3}(?:[A-Za-z'’-]+(?=[.;:!?]))?)/.exec(rest)?.[0] ?? "";
  const terms = tokenize(head).filter((t) => !/^\d|^q[1-4]$/.test(t));
  const first = terms[0];
  if (first === undefined) return true;
  const asked = new Set(q.concepts.flatMap((c) => c.alternatives.flat()));
  // "four Children in Care teams": a name used as an adjective; the lower-case noun after it is what is counted.
  const named = NAME_THEN_NOUN.exec(rest);
  if (named?.[1] && !NOT_A_HEAD.test(named[1])) {
    const noun = tokenize(named[1])[0];
    if (noun !== undefined) return asked.has(noun) || GENERIC_COUNTED.has(noun);
  }
  // Generic nouns and period words leave the subject to the rest of the sentence.
  const answers = (t: string) => asked.has(t) || GENERIC_COUNTED.has(t);
  // Or the noun phrase's last word, its head: "258 unaccompanied young people claiming..." counts people.
  const phrase =
    /^[\s,]*((?:[A-Za-z'’-]+\s+){0,3}?[A-Za-z'’-]+)(?=\s+(?:in|of|at|on|for|to|from|with|by|who|that|which|were|was|are|is|have|has|had|across|under|over|[a-z]+ing)\b|[\s]*[.,;:()]|\s*$)/i.exec(
      rest,
    )?.[1];
  const last = phrase ? tokenize(phrase).pop() : undefined;
  return answers(first) || (last !== undefined && answers(last));
}

const SENTENCE_END = /^\s*[.;:!?](\s|$)/;
const LINE_END = /^[ \t]*\n/;
const CHANGE_END_BEFORE = /\bfrom\s+(?:[\d,.]+\s*(?:to|-|–)\s*)?$/i;
/** "Children in Care teams": a name (capitalised words, joined by small words) straight before a lower-case noun. */
const NAME_THEN_NOUN =
  /^\s*[A-Z][\w'’-]*(?:\s+(?:(?:in|and|of|for|&)\s+)?[A-Z][\w'’-]*)*\s+([a-z][a-z'’-]+)\b/;
/** Lower-case words after a name that do not head a noun phrase ("Care Leavers who", "Family Hubs are"). */
const NOT_A_HEAD =
  /^(?:who|which|that|were|was|are|is|have|has|had|in|of|at|on|for|to|from|with|by|and|or|but|as|across|under|over|per|each|between|within|during|since|than|aged|[a-z]+ing|[a-z]+ed)$/;

/**
 * An infographic's "...who have offended⏎220⏎4751 Education, Health and Care Plans": a figure ending its line before
 * another figure's line is labelled by the words before it; the next line's words label the next line's figure.
 */
function endsInfographicLine(after: string): boolean {
  return /^[ \t]*\n[ \t]*[£\d]/.test(after);
}

const GENERIC_COUNTED = new Set(
  tokenize(
    "children child young people pupils students individuals families cases people staff at in by of as for the " +
      "were was are is per each across within over autumn spring summer end quarter year years month months week weeks",
  ),
);

/** The word right after a bracketed figure is a specific term the question asks for ("(1218 FTE)" for "FTE staff"). */
function namesBracketUnit(f: FigureInfo, text: string, q: QueryInfo): boolean {
  const term = tokenize(text.slice(f.figure.end, f.figure.end + 30).split(/[),;]/)[0] ?? "")[0];
  if (term === undefined || GENERIC_COUNTED.has(term)) return false;
  // "headcount, not FTE" names the bracket's unit to rule it out.
  if (q.excluded.includes(term)) return false;
  return q.concepts.some((c) => !c.soft && c.alternatives.some((alt) => alt.length === 1 && alt[0] === term));
}

/**
 * A figure labelled with the subject its paper is named for, when the question does not name it: "a total of 275
 * children and young people open to the UASC Team" does not answer "how many children were in care".
 */
function aboutUnaskedTopic(f: FigureInfo, p: UnitProfile, q: QueryInfo, ctx: PickContext): boolean {
  // Departments and councils all papers are about ("Children and Family Services") narrow nothing.
  const topics = p.topics.filter((t) => ctx.weight(t) >= ctx.specific && !NEVER_QUALIFIES.has(t.label));
  if (topics.length === 0) return false;
  const near = labelTerms(f, p, false).set;
  const asked = askedTokens(q);
  return topics.some(
    (topic) => !touched(topic, asked) && topic.alternatives.some((alt) => alt.every((t) => near.has(t))),
  );
}

/** Does the question name any specific word of this concept ("adult asylum hotels" touches UASC)? */
function touched(c: Concept, asked: ReadonlySet<string>): boolean {
  return c.alternatives.some((alt) => alt.some((w) => !GENERIC_COUNTED.has(w) && asked.has(w)));
}

/** Does the question name this concept (all of some wording's specific words)? */
function named(c: Concept, asked: ReadonlySet<string>): boolean {
  return c.alternatives.some((alt) => {
    const specific = alt.filter((t) => !GENERIC_COUNTED.has(t));
    return specific.length > 0 && specific.every((t) => asked.has(t));
  });
}

/**
 * A population or programme the figure's label names and the question does not: "Reception pupils with Free
 * School Meals (FSM) status..." does not answer a question about all reception pupils.
 */
function unaskedQualifier(
  label: Terms,
  q: QueryInfo,
  { aliases, weight, specific }: PickContext,
): string | null {
  const asked = askedTokens(q);
  // "The Newton transformation programme" names DCFSF ("the Newton Europe programme") by a name in its wording.
  const nameAsked = (c: Concept) =>
    c.alternatives.some((alt) => alt.some((t) => q.names.some((n) => n.includes(t))));
  const found = glossaryConceptsIn(label.seq ?? [...label.set], aliases).find(
    // Terms all over the papers ("Children and Family Services") qualify nothing.
    (c) =>
      weight(c) >= specific &&
      !NEVER_QUALIFIES.has(c.label) &&
      !namesPlan(c) &&
      !named(c, asked) &&
      !nameAsked(c),
  );
  return found ? found.label : null;
}

/** Words that end the name of a plan or body ("Medium Term Financial Strategy"), not of a group of children. */
const PLAN_HEADS = new Set(
  tokenize("strategy strategies plan plans framework board committee policy policies report"),
);

/** A plan, strategy or board the figure's sentence mentions says where it is written, not whom it counts. */
function namesPlan(c: Concept): boolean {
  return c.alternatives.some((alt) => alt.length > 1 && PLAN_HEADS.has(alt[alt.length - 1] ?? ""));
}

/** The period a figure is for: its own, else its sentence's, else its paragraph's, else its paper's title. */
function figureFit(
  q: QueryInfo,
  ask: FigureAsk,
  f: FigureInfo,
  s: SentenceInfo | undefined,
  p: UnitProfile,
): PeriodFit {
  if (q.periods.length === 0) return "unknown";
  // "How many CCE referrals in Q4 2019/20?": a count of events in a year is no count of them in its last quarter,
  // though a count of children in care at the year's end is the count at the quarter's end.
  if (ask.eventsInPartOfYear && f.period && YEARLY.has(f.period.kind)) return "conflict";
  if (f.period) return fitOf(q.periods, [f.period]);
  const own = fitOf(q.periods, s?.periods ?? []);
  if (own !== "unknown") return own;
  const paragraph = fitOf(
    q.periods,
    p.sentences.flatMap((x) => x.periods),
  );
  if (paragraph !== "unknown") return paragraph;
  return documentFit(q.periods, p);
}

const YEARLY: ReadonlySet<string> = new Set(["fiscal_year", "year"]);
/** A period asked this much shorter than a year (a quarter, a month, "Jan-Mar 2020") is a part of one. */
const PART_OF_YEAR_MS = 200 * 24 * 3600 * 1000;
/** Counts of events over a period (as against counts of people at a date): a year's total is no quarter's. */
const FLOW_ASKED =
  /\b(referrals?|referred|contacts?|admissions?|started|began|entrants?|enquir(?:y|ies)|episodes?|applications?|adoptions?|adopted|exclusions?|conferences?)\b/i;

/** A paper reporting "the last twelve months" at a meeting soon after the asked period plausibly covers it. */
const PLAUSIBLE_DAYS = 120;

function plausiblyAbout(q: QueryInfo, p: UnitProfile): boolean {
  const date = p.date;
  if (!date) return false;
  const meeting = Date.parse(date);
  return q.periods.every((a) => {
    if (!a.yearKnown) return false;
    const end = Date.parse(a.end);
    if (end <= meeting && meeting - end <= PLAUSIBLE_DAYS * 86_400_000) return true;
    // "in 2020" asked of a paper of June 2020: a year-long period the paper speaks from inside of.
    const days = (end - Date.parse(a.start)) / 86_400_000;
    return days >= 360 && Date.parse(a.start) <= meeting && meeting <= end;
  });
}

function detailFor(f: FigureInfo, p: UnitProfile): string | null {
  const text = p.unit.text;
  const s = p.sentences[f.sentence];
  if (!s) return null;
  // The "266 of 322" that follows the headline in its sentence.
  const part = p.figures.find(
    (g) => g !== f && g.sentence === f.sentence && g.figure.of !== null && g.figure.start > f.figure.end,
  );
  if (!part || part.figure.start - f.figure.end > 90) return null;
  const whole = p.figures.find(
    (g) =>
      g.sentence === f.sentence &&
      g.figure.start > part.figure.end &&
      g.figure.amount === part.figure.of?.whole,
  );
  if (!whole || whole.figure.start - part.figure.end > 20) return null;
  return text.slice(part.figure.start, whole.figure.end);
}

function quoteSpan(p: UnitProfile, si: number, q: QueryInfo, weight: ConceptWeight): Span {
  const s = p.sentences[si];
  if (!s) return { start: 0, end: p.unit.text.length };
  if (p.table) return { start: 0, end: p.unit.text.length };
  let start = s.start;
  const prev = p.sentences[si - 1];
  if (prev) {
    const alone = coverage(q.concepts, weight, s.tokens);
    const withPrev = coverage(q.concepts, weight, union(s.tokens, prev.tokens));
    if (withPrev > alone + 0.05 && s.end - prev.start <= MAX_QUOTE_CHARS) start = prev.start;
  }
  return { start, end: s.end };
}

/** Figures worth offering: a dashboard row's value cells, or the figures of prose sentences that read as prose. */
function offerable(p: UnitProfile): FigureInfo[] {
  if (p.table && p.table.values.length > 0) return p.table.values.flatMap((v) => v.figures);
  const perSentence = new Map<number, number>();
  for (const f of p.figures) perSentence.set(f.sentence, (perSentence.get(f.sentence) ?? 0) + 1);
  // A "sentence" of a dozen numbers is an infographic flattened to text: which number goes with which label
  // cannot be read from it.
  return p.figures.filter((f) => (perSentence.get(f.sentence) ?? 0) <= MAX_FIGURES_PER_SENTENCE);
}

const MAX_FIGURES_PER_SENTENCE = 8;

function figuresIn(p: UnitProfile, si: number): number {
  return p.figures.filter((f) => f.sentence === si).length;
}

/** "from 30 children in Q1 to 53", "an increase from quarter 2 (88.2%)": the figure compared against. */
const BASELINE_BEFORE =
  /\b(from|than|previous(ly)?|prior|preceding|last (year|quarter)['’]s|down from|up from)\b[^.;%£\d]{0,30}$/i;

/** "This compares to 88 UASC Children in Care and 88 UASC Care Leavers ..., totalling 176": the earlier values. */
const COMPARED_SENTENCE =
  /^\W*(?:this|that|these|it|which)\s+(?:compares|compared|is compared)\s+(?:to|with)\b/i;

/** Words before a figure that make it the size of a change: "an increase of 77", "up by 5", "fell by 2.1". */
const CHANGE_BEFORE =
  /\b(?:increase|rise|growth|decrease|reduction|fall|drop|change|difference|up|down|increased|decreased|rose|fell|grew|reduced|dropped)\s+(?:of|by)\s+(?:around |about |approximately |almost |nearly |over )?$/i;
/** Words after a figure that make it a change: "77 more than", "5 points higher than", "an 18.7% increase". */
const CHANGE_AFTER =
  /^\s*(?:\([^)]*\)\s*)?(?:(?:[a-z]+\s+){0,2}?(?:more|fewer|less|higher|lower)\s+than\b|(?:increase|rise|decrease|reduction|fall|drop|growth|uplift)\b)/i;

/** "increased from 11 to 34 (209%)": the bracket after a range gives its change. */
const RANGE_CHANGE_BEFORE =
  /\b(?:increased|rose|risen|grew|grown|fell|fallen|decreased|dropped|reduced)\s+from\s+[^.;]{0,40}?\bto\s+£?[\d,.]+[km]?\s*\($|\b(?:increase|rise|decrease|reduction|fall|drop|growth)\s+(?:of|by)\s+£?[\d,.]+[km]?\s+(?:[A-Za-z'’-]+\s+){0,3}\($/i;

function statesChange(f: FigureInfo, text: string): boolean {
  return (
    CHANGE_BEFORE.test(text.slice(Math.max(0, f.figure.start - 40), f.figure.start)) ||
    RANGE_CHANGE_BEFORE.test(text.slice(Math.max(0, f.figure.start - 80), f.figure.start)) ||
    CHANGE_AFTER.test(text.slice(f.figure.end, f.figure.end + 40))
  );
}

/** "increased from 33 to 52 ... and 4 to 16 Care Leavers": the first of a pair is where it started. */
const RANGE_START = /^\s*(?:to|-|–)\s*£?\d/;

/** Superlatives that ask for the largest or smallest of the figures a sentence lists. */
const MOST = /\b(highest|largest|biggest|most expensive|priciest|costliest|greatest|maximum|dearest)\b/i;
const LEAST = /\b(lowest|smallest|cheapest|least expensive|fewest|minimum)\b/i;
const THRESHOLD_BEFORE = /\b(over|more than|at least|above|under|less than|below|up to)\s*$/i;

const HOW_MANY_NOUN =
  /\bhow many\s+((?:[A-Za-z'’-]+\s+){0,2}?[A-Za-z'’-]+?)(?=\s+(?:were|was|are|is|did|do|does|had|have|has|will|would|should|could|can|in|on|at|for|of|to|came|come|got|get)\b|[?,.]|$)/i;

/** The noun a "how many" question counts: "How many providers are..." -> provider. */
function countedNoun(q: QueryInfo): string[] {
  // "How many children in need ...": a glossary phrase right after "how many" is the noun, all of it.
  const after = tokenize(/\bhow many\s+(.*)$/i.exec(q.question)?.[1] ?? "");
  const phrase = q.concepts
    .filter((c) => c.expanded)
    .flatMap((c) => c.alternatives)
    .filter((alt) => alt.length > 1 && alt.every((t, i) => after[i] === t))
    .sort((a, b) => b.length - a.length)[0];
  if (phrase) return phrase;
  const m = HOW_MANY_NOUN.exec(q.question);
  // "how many families the Children and Families Wellbeing Service was working with": the word after "how many".
  if (!m?.[1]) return tokenize(/\bhow many\s+([A-Za-z'’-]+)/i.exec(q.question)?.[1] ?? "").slice(0, 1);
  // "how many sit in the bottom quartile": where they sit is what tells the count apart ("four are in the bottom
  // quartile"), as much as a noun would.
  const rest = q.question.slice(m.index + m[0].length);
  const place =
    /^\s+(?:in|within|into|below|above|under)\s+((?:the\s+)?(?:[A-Za-z'’-]+\s*){1,3}?)(?=[?,.]|\s+(?:were|was|are|is|did|do|does|had|have|has|at|in|for|of|to|on)\b|$)/i.exec(
      rest,
    );
  return tokenize(`${m[1]} ${place?.[1] ?? ""}`);
}

/**
 * The thing a "how many" question counts, when its noun ends in a plural: "how many Family Hubs" -> hub. A verb
 * ("how many sit in...") is no head, and a generic noun ("how many children") leaves the subject to the sentence.
 */
function countedHead(q: QueryInfo): string | undefined {
  const last = HOW_MANY_NOUN.exec(q.question)?.[1]?.split(/\s+/).pop();
  if (!last || !/[^s]s$/i.test(last)) return undefined;
  const head = tokenize(last)[0];
  return head && !GENERIC_COUNTED.has(head) ? head : undefined;
}

/**
 * "How many Family Hubs": "3,489 individuals and 1,435 families" count people, not hubs. A count answers only where
 * the thing asked is named: in its sentence, the one before, its headings or its table row.
 */
function headUnstated(f: FigureInfo, p: UnitProfile, q: QueryInfo, head: string): boolean {
  // A word the question only phrases with ("how many times") names nothing to look for.
  const concept = q.concepts.find((c) => !c.soft && c.alternatives.some((alt) => alt.includes(head)));
  if (!concept) return false;
  const scope = p.table
    ? union(p.table.indicatorTokens, p.contextTerms)
    : union(
        p.sentences[f.sentence]?.tokens ?? NO_TERMS,
        p.sentences[f.sentence - 1]?.tokens ?? NO_TERMS,
        p.contextTerms,
      );
  // "Family Hubs" is one name of the CFWS: the service being named is not the hubs being counted. An acronym
  // ("EHCPs") is its concept, met by any of its names.
  const named = concept.alternatives.filter((alt) => alt.includes(head));
  if (named.some((alt) => alt.length === 1)) return !conceptCovered(concept, scope);
  return !named.some((alt) => hasPhrase(scope, alt));
}

/** Share of the counted noun's words that a table row says it counts: "No. of families worked with by ...". */
function nounCounted(indicator: string, noun: string[]): number {
  if (noun.length === 0) return 0;
  const counted = /\b(?:no\.?|number|numbers|count|total) of\s+((?:[A-Za-z'’-]+\s+){0,2}[A-Za-z'’-]+)/i.exec(
    indicator,
  )?.[1];
  if (!counted) return 0;
  const words = new Set(tokenize(counted));
  return noun.filter((t) => words.has(t)).length / noun.length;
}

/** Share of the counted noun's words within a few words after the figure ("135 UASC Care Leavers", "four Children in Care teams"). */
function nounFollows(f: FigureInfo, text: string, noun: string[], concepts: readonly Concept[]): number {
  if (noun.length === 0) return 0;
  if (endsInfographicLine(text.slice(f.figure.end, f.figure.end + 10))) return 0;
  const rest = text.slice(f.figure.end, f.figure.end + 80).replace(/^\s*\([^)]*\)/, "");
  // Within its clause: "nine are in the third quartile and four are in the bottom quartile".
  const clause = rest.split(/[,;]|\b(?:and|but|while|whereas)\b/)[0] ?? rest;
  const after = new Set(tokenize(clause).slice(0, noun.length + 3));
  // "How many EHCPs": "4751 Education, Health and Care Plans" spells the acronym out, commas and all.
  const spelled = tokenize(rest.split(/\d/)[0] ?? "");
  const spelledOut = (t: string) =>
    concepts.some(
      (c) =>
        c.alternatives.some((alt) => alt.length === 1 && alt[0] === t) &&
        c.alternatives.some(
          (alt) => alt.length > 1 && alt.every((w) => spelled.slice(0, alt.length + 2).includes(w)),
        ),
    );
  return noun.filter((t) => after.has(t) || spelledOut(t)).length / noun.length;
}

/** How a paper states each rate a question can ask for. "Over twelve months" is a span, not a rate. */
const RATE_STATED: Record<Rate, RegExp> = {
  week: /\b(?:per|a|each|every|an?\s+average)\s+week\b|\/\s*week\b|\bweekly\b|\bp\/?w\b/i,
  month: /\b(?:per|a|each|every|an?\s+average)\s+month\b|\/\s*month\b|\bmonthly\b|\bp\/?m\b/i,
  day: /\b(?:per|a|each|every|an?\s+average)\s+day\b|\/\s*day\b|\bdaily\b/i,
  year: /\b(?:per|a|each|every)\s+year\b|\/\s*year\b|\bannual(?:ly|ised)?\b|\bper annum\b|\bp\.?a\.?\b|\byearly\b/i,
};

/** Characters either side of a prose figure within which its rate is stated ("430 per month", "a weekly cost of"). */
const RATE_REACH = 30;

/**
 * Where a figure's rate would be stated: in a table its row's headers and cells; in prose the words next to the
 * figure, so "5150 assessments ..., which is approximately 430 per month" gives the rate to the 430 alone.
 */
function rateScope(f: FigureInfo, p: UnitProfile): string {
  const table = p.unit.table;
  if (table) return `${table.title ?? ""} ${table.header.join(" ")} ${p.unit.text}`;
  const s = p.sentences[f.sentence];
  const start = Math.max(s?.start ?? 0, f.figure.start - RATE_REACH);
  const end = Math.min(s?.end ?? p.unit.text.length, f.figure.end + RATE_REACH);
  return p.unit.text.slice(start, end);
}

/** "Per 10k", "per 10,000", "per 1,000": the population base of a rate. */
const PER_BASE = /\bper\s*(?:1|10|100)\s*(?:k\b|,?000\b)/i;
const RATE_WORD = /\b(rate|ratio)s?\b/i;
const PERCENT_WORD = /%|\bper ?cent(age)?s?\b|\bproportion\b|\bshare\b/i;
const RATE_TERMS = new Set(tokenize("rate rates ratio ratios"));

/** A plain number its own label calls a rate: "Rate of re-offending ...: 0.51", "a rate of 43.2". */
function rateNumber(f: FigureInfo, p: UnitProfile): boolean {
  if (f.kind !== "number") return false;
  const label = p.table ? p.table.indicatorTokens : labelTerms(f, p);
  return [...RATE_TERMS].some((t) => label.set.has(t));
}

/** A figure of a unit that could answer, with what was measured about it. */
export interface FigureCandidate {
  f: FigureInfo;
  /** What was measured about the figure; null for a vetoed one. */
  features: FigureFeatures | null;
  score: number;
  fit: PeriodFit;
  /** Why the figure cannot answer this question, whatever its score; null when it can. */
  veto: Veto | null;
}

/** Reasons a figure cannot answer: an age not asked for, the wrong kind or role, another council's... */
export type Veto =
  | "age"
  | "kind"
  | "bare"
  | "role"
  | "comparator"
  | "gap"
  | "otherCouncil"
  | "score"
  | "rate"
  | "given"
  | "partOfTotal"
  | "counted"
  | "topic"
  | "place"
  | "qualifier"
  | "sex"
  | "period";

/**
 * The words that can narrow a prose figure to a group: its lead from the figure before it (or the sentence's start)
 * and its label. When the lead lists items ("an ART hub and assessment bed model and a residential build and
 * conversion plan ... capital investment of up to £2.5m"), the earlier items are other things: only the last item,
 * the figure's own clause and the sentence's opening ("For UASC, ...") count.
 */
function qualifierTerms(f: FigureInfo, p: UnitProfile): Terms {
  const s = p.sentences[f.sentence];
  const { from } = figureLead(f, p);
  const lead = p.unit.text.slice(from, f.figure.start);
  const items = [...lead.matchAll(/\band (?:a|an|the)\b/gi)].pop();
  if (!items) return labelTerms(f, p, false);
  const opening = p.unit.text.slice(s?.start ?? 0, f.figure.start).split(/[,;:]/)[0] ?? "";
  return union(labelTerms(f, p), termsOf(p.terms(lead.slice(items.index))), termsOf(p.terms(opening)));
}

/** The whole of a part stated "A of B" ("1216 of 1352"): the figure right after the part. */
function wholeOf(f: FigureInfo, p: UnitProfile): FigureInfo | undefined {
  // "We are one of 20 Violence Reduction Units": membership, not a part counted.
  if (!f.figure.of || /^one$/i.test(f.figure.raw.trim())) return undefined;
  return p.figures.find(
    (g) =>
      g.figure.start > f.figure.end &&
      /^\s*(?:out\s+)?of\s+(?:the\s+)?$/i.test(p.unit.text.slice(f.figure.end, g.figure.start)) &&
      g.figure.amount === f.figure.of?.whole,
  );
}

/** Whether a figure is the whole of the part before it ("1216 of 1352": the 1352). */
function isWholeOfPart(f: FigureInfo, p: UnitProfile): boolean {
  return p.figures.some((g) => g.figure.end < f.figure.start && wholeOf(g, p) === f);
}

/**
 * The words that label a figure: from the previous figure (or the start of its sentence) to the figure, and a few
 * after it. "The current contract value of MISTLE was £450,000 compared with the annual value of ART of £411,840":
 * only the second is labelled "annual value of ART".
 */
function labelTerms(f: FigureInfo, p: UnitProfile, clauseOnly = true): Terms {
  const s = p.sentences[f.sentence];
  const text = p.unit.text;
  const { from } = figureLead(f, p);
  // "3,489 individuals and 1,435 families", "from 11 to 34 (209%)": joined figures share what led to the first.
  const shared = clauseOnly ? sharedLead(f, p) : "";
  // Its label starts at its own clause: "..., across 30 Services" is labelled "across".
  const lead = clauseOnly
    ? clauseLead(f, p)
    : text
        .slice(from, f.figure.start)
        // The rest of a bracket the previous figure opened ("(1218 FTE) staff") is that figure's detail.
        .replace(/^[^()]*\)/, " ")
        .replace(/\([^()]*\)/g, " ");
  let to = Math.min(s?.end ?? text.length, f.figure.end + LABEL_AFTER_CHARS);
  // "1216 of 1352 assessments were completed within timescale": the words after the whole label the part.
  const whole = wholeOf(f, p);
  for (const g of p.figures)
    if (g !== whole && g.figure.start >= f.figure.end && g.figure.start < to) to = g.figure.start;
  const tail = text
    .slice(f.figure.end, to)
    .replace(/^\s+of\s+[£\d,.]+/, " ")
    .replace(/^\s*\([^)]*\)/, "")
    // One group, not two clauses: "the needs of children and young people to have been met in a mainstream SEN unit".
    .replace(/\b(children|child) and (young people|young person)\b/gi, "$1 with $2");
  // The label after a figure ends with its clause: "£450,000 | compared with the annual value of ART".
  const STOP = /\b(compared|whereas|while|against|than|and|but|from)\b|[,;(]/gi;
  let stop = STOP.exec(tail);
  // "in 40% of cases, there was an opportunity ... in a mainstream school": a comma after a bare "of cases" opens
  // the clause that says what the figure is.
  if (stop?.[0] === "," && tail.slice(0, stop.index).trim().split(/\s+/).length <= 3) stop = STOP.exec(tail);
  const after = stop ? tail.slice(0, stop.index) : tail;
  // "CCE referrals are being reported separately. The numbers have risen from 30 children in Q1 to 53": a sentence
  // opening on what the one before named takes that one's words as its subject.
  const prev = p.sentences[f.sentence - 1];
  const anaphor =
    s && prev && ANAPHOR_OPENING.test(text.slice(s.start, s.end)) ? text.slice(prev.start, prev.end) : "";
  return termsOf(tokenize(lead), tokenize(after), tokenize(shared), tokenize(anaphor));
}

/** "3,489 individuals and 1,435 families", "from 11 to 34": the second figure shares what led to the first. */
const COORDINATED = /^\s*(?:(?:[A-Za-z'’-]+\s+){0,2}and|to|-|–)\s*$/;

/**
 * What a figure shares with the figures before it that it is joined to: "3,489 individuals and 1,435 families",
 * "the number of care leavers increased from 11 to 34 (209%)": the lead of the first of them.
 */
function sharedLead(f: FigureInfo, p: UnitProfile): string {
  let first: FigureInfo | null = null;
  let at = f;
  for (;;) {
    const { previous } = figureLead(at, p);
    if (!previous) break;
    const between = p.unit.text.slice(previous.figure.end, at.figure.start);
    if (!COORDINATED.test(between) && !/^\s*\(\s*$/.test(between)) break;
    first = previous;
    at = previous;
  }
  return first ? clauseLead(first, p) : "";
}

/** Where a figure's lead starts: after the figure before it in its sentence, else at the sentence's start. */
function figureLead(f: FigureInfo, p: UnitProfile): { from: number; previous: FigureInfo | null } {
  let from = p.sentences[f.sentence]?.start ?? 0;
  let previous: FigureInfo | null = null;
  for (const g of p.figures) {
    // "the England average which is at its highest level in over 6 years (90.8%)": a span of time in the words
    // naming a value is not a value whose label ends there.
    if (g.kind === "duration" && f.kind !== "duration") continue;
    if (g.figure.end <= f.figure.start && g.figure.end > from) {
      from = g.figure.end;
      previous = g;
    }
  }
  return { from, previous };
}

/** The words of a figure's own clause before it: "the CFWS worked with" of "..., the CFWS worked with 3,489". */
function clauseLead(f: FigureInfo, p: UnitProfile): string {
  const lead = p.unit.text.slice(figureLead(f, p).from, f.figure.start);
  const clause = [...lead.matchAll(/[,;:]|\b(and|but|whereas|while|compared)\b/gi)].pop();
  return clause ? lead.slice(clause.index + clause[0].length) : lead;
}

/** A sentence opening on what the one before named: "The numbers have steadily risen ...". */
const ANAPHOR_OPENING =
  /^\W*(?:the (?:numbers?|figures?|rate|total|number of these|majority of these)|these (?:numbers?|figures?)|this (?:number|figure))\b/i;

/** How far either side of a figure its nearest words reach (its sentence ends them sooner). */
const NEAR_CHARS = 40;
/** How far after a figure its label may run (its clause ends it sooner). */
const LABEL_AFTER_CHARS = 140;
const AGE_BEFORE = /\b(age[ds]?(\s+of)?|aged)\s+$/i;
/** "10-17 year olds", "a 15-year-old": ages, whatever unit the number parser gives them. */
const AGE_AFTER = /^(?:\s*(?:-|–|to)\s*\d+)?[\s-]*years?[\s-]*olds?\b/i;
/** Words before a figure the paper calls the total: "a total of 275", "comprises of five teams". */
const TOTAL_NEAR =
  /\b(total(ling)?( of)?|in total|overall|altogether|combined|all|compris(es|ed|ing)( of)?|consist(s|ed|ing)? of|made up of)\s*[£]?$/i;
/** Whether the paper calls a figure a total: "a total of 275", "totalling 176". */
function callsTotal(f: FigureInfo, p: UnitProfile): boolean {
  const start = p.sentences[f.sentence]?.start ?? 0;
  return TOTAL_NEAR.test(p.unit.text.slice(Math.max(start, f.figure.start - 30), f.figure.start));
}

/** "£16.0m savings ..., with this figure including the expected £13.2m": a part of the figure before it. */
const PART_BEFORE =
  /\b(?:including|includes|included|of which|comprising|within (?:this|that))\b[^.;£\d]{0,40}$/i;

/** The words that can say whom a figure is about: its row's indicator, else its sentence, the one before, headings. */
function figureScope(f: FigureInfo, p: UnitProfile): Terms {
  if (p.table) return union(p.table.indicatorTokens, p.contextTerms);
  const s = p.sentences[f.sentence];
  const prev = p.sentences[f.sentence - 1];
  return union(s?.tokens ?? NO_TERMS, prev?.tokens ?? NO_TERMS, p.contextTerms);
}

/** Groups the question names (glossary terms specific enough to narrow a population) that `scope` does not state. */
function missingGroups(q: QueryInfo, scope: Terms): number {
  return askedGroups(q).filter((c) => !conceptCovered(c, scope)).length;
}

const SEXES: readonly { asked: RegExp; terms: ReadonlySet<string> }[] = [
  {
    asked: /\b(girls?|females?|wom[ae]n)\b/i,
    terms: new Set(tokenize("girls girl female females women woman")),
  },
  { asked: /\b(boys?|males?|m[ae]n)\b/i, terms: new Set(tokenize("boys boy male males men man")) },
];

/**
 * "How many were girls", "male CIC": a breakdown by sex the figure's sentence must state, read from the question
 * itself (papers that never give the breakdown leave the word out of what retrieval can attain).
 */
function sexMissing(q: QueryInfo, scope: Terms): boolean {
  return SEXES.some(
    ({ asked, terms }) => asked.test(q.question) && ![...terms].some((t) => scope.set.has(t)),
  );
}

/** Acronyms the question names ("EHCP", "UASC", "KS2"): each names a population or programme, however common. */
function askedGroups(q: QueryInfo): Concept[] {
  return q.concepts.filter(
    (c) =>
      c.expanded &&
      !c.soft &&
      !NEVER_QUALIFIES.has(c.label) &&
      /^[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*$/.test(c.label),
  );
}

/** The paper is about a group (its title's subject) that the question does not name, not even in part. */
function unaskedPaperTopic(p: UnitProfile, q: QueryInfo, ctx: PickContext): boolean {
  const asked = askedTokens(q);
  return p.topics.some(
    (t) => ctx.weight(t) >= ctx.specific && !NEVER_QUALIFIES.has(t.label) && !touched(t, asked),
  );
}

/**
 * Whom a benchmark compares the council with, and how: the national average is not the statistical neighbours'
 * average, and a national quartile is not a national average.
 */
const COMPARATORS: readonly { name: string; re: RegExp }[] = [
  { name: "national", re: /\b(national(ly)?|england|english)\b/i },
  { name: "statistical neighbours", re: /\b[Ss]tatistical\s+[Nn]eighbou?rs?\b|\bSNs?\b/ },
  { name: "regional", re: /\b(regional(ly)?|region|east midlands)\b/i },
  { name: "shire", re: /\bshires?\b/i },
];
const BENCHMARK_MEASURES: readonly { name: string; re: RegExp }[] = [
  { name: "average", re: /\b(average|mean)\b/i },
  { name: "quartile", re: /\bquartiles?\b/i },
  { name: "rank", re: /\brank(ed|ing)?\b|\bposition\b/i },
];

function namesIn(text: string, list: readonly { name: string; re: RegExp }[]): Set<string> {
  return new Set(list.filter((c) => c.re.test(text)).map((c) => c.name));
}

/** The words that say which benchmark a figure is: its dashboard column, else the words just before (or after) it. */
function benchmarkLabel(f: FigureInfo, p: UnitProfile): string {
  const column = p.table?.values.find((v) => v.figures.includes(f));
  if (column) return column.header;
  const s = p.sentences[f.sentence];
  const text = p.unit.text;
  let from = Math.max(s?.start ?? 0, f.figure.start - 70);
  let to = Math.min(s?.end ?? text.length, f.figure.end + 40);
  // Another value of its kind ends its label; "at its highest level in over 6 years (90.8%)" does not.
  for (const g of p.figures) {
    if (g.kind !== f.kind) continue;
    if (g.figure.end <= f.figure.start && g.figure.end > from) from = g.figure.end;
    if (g.figure.start >= f.figure.end && g.figure.start < to) to = g.figure.start;
  }
  const before = text.slice(from, f.figure.start);
  return namesIn(before, COMPARATORS).size > 0 ? before : `${before} ${text.slice(f.figure.end, to)}`;
}

/** "2.5% higher than ...": the words after a figure that make it a gap to something, not a level. */
const GAP_AFTER = /^\s*(?:points?\s+)?(?:higher|lower|more|less|above|below|better|worse)\s+than\b/i;

/** Whether the question names whose value a comparator's figure is: "what do outstanding shires report?". */
function namesComparator(ask: FigureAsk, f: FigureInfo): boolean {
  const comparator = f.comparator;
  return comparator !== null && ask.words.some((w) => w.startsWith(comparator));
}

/** A benchmark asked for by whom ("national") or how ("average") must be that benchmark, not another one. */
function sameComparator(q: QueryInfo, f: FigureInfo, p: UnitProfile): boolean {
  const label = benchmarkLabel(f, p);
  for (const list of [COMPARATORS, BENCHMARK_MEASURES]) {
    const asked = namesIn(q.question, list);
    if (asked.size === 0) continue;
    const stated = namesIn(label, list);
    if (![...asked].some((name) => stated.has(name))) return false;
  }
  return true;
}

/** What a question asks of a figure, read once per question, not once per unit examined. */
export interface FigureAsk {
  /** The noun a "how many" counts, and its head when that is a specific plural ("Family Hubs" -> hub). */
  noun: string[];
  head: string | undefined;
  /** "How many services": a specific noun says which count; "how many children" leaves it to the label. */
  nounShare: number;
  extreme: "max" | "min" | null;
  rate: RegExp | null;
  /** "Youth reoffending rate", "rate per 10,000": a rate may be printed as a plain number (0.51). */
  rateAsNumber: boolean;
  /** The question's words, lower case, for names a paper gives in words ("shire", "national"). */
  words: string[];
  /** "How many referrals in Q4?": events counted over a part of a year, which a year's count does not give. */
  eventsInPartOfYear: boolean;
}

function figureAsk(q: QueryInfo): FigureAsk {
  const want = q.figureKind;
  const noun = want === "count" ? countedNoun(q) : [];
  return {
    noun,
    head: want === "count" ? countedHead(q) : undefined,
    nounShare: noun.some((t) => !GENERIC_COUNTED.has(t)) ? 1 : 0.5,
    extreme: MOST.test(q.question) ? "max" : LEAST.test(q.question) ? "min" : null,
    rate: q.rate ? RATE_STATED[q.rate] : null,
    rateAsNumber: want === "percent" && RATE_WORD.test(q.question) && !PERCENT_WORD.test(q.question),
    words: q.question.toLowerCase().split(/[^a-z]+/),
    eventsInPartOfYear:
      q.periods.length > 0 &&
      FLOW_ASKED.test(q.question) &&
      q.periods.every((a) => a.yearKnown && Date.parse(a.end) - Date.parse(a.start) < PART_OF_YEAR_MS),
  };
}

function figureCandidates(
  q: QueryInfo,
  ask: FigureAsk,
  p: UnitProfile,
  ctx: PickContext,
  sentenceOnly: (si: number) => number,
  sentenceWithContext: (si: number) => number,
  /** Words naming the paper or study ("the Newton deep dive"): a name made of them need not label the figure. */
  paperTerms: ReadonlySet<string>,
  ranked: Ranked,
  unitCoverage: number,
): FigureCandidate[] {
  const text = p.unit.text;
  const { weight } = ctx;
  const want = q.figureKind;
  const { noun, head, extreme, nounShare, rate, rateAsNumber } = ask;
  const candidates: FigureCandidate[] = [];
  offerable(p).forEach((f, order) => {
    const s = p.sentences[f.sentence];
    const valueCell = p.table?.values.some((v) => v.figures.includes(f)) ?? false;
    const columnTotal = /\btotal\b/i.test(f.column ?? "");
    // "1400 (1218 FTE) staff": the bracketed figure is a detail, unless the question asks for what it counts.
    // Nor when it is the value for the period asked: "222 lower than the summer term 2023 school census (12,801)".
    const ownPeriod = f.period !== null && q.periods.length > 0 && fitOf(q.periods, [f.period]) === "match";
    const changeStated = q.change && statesChange(f, text);
    const detail =
      isBracketDetail(f, p) &&
      !namesBracketUnit(f, text, q) &&
      !bracketAsked(f, p, q) &&
      !ownPeriod &&
      // "from 11 to 34 (209%)" for "by what % did it go up": the bracket states the change asked.
      !changeStated;
    // "Up by how many compared with this time last year?": a change spans both periods, whichever its sentence names.
    // "What was the previous year's figure in the 2019/20 table?": the row's previous value, dated the year before.
    const fit0 = figureFit(q, ask, f, s, p);
    const previousValue =
      q.before && (p.table?.values.some((tv) => tv.when === "previous" && tv.figures.includes(f)) ?? false);
    // Whom the figure is about: read for the sex veto and again for the groups missing, so once.
    let about: Terms | undefined;
    const scope = (): Terms => {
      about ??= figureScope(f, p);
      return about;
    };
    // "529 at 17 May 2020 - what was it a year before?": asking the earlier value, a figure dated before the period
    // named is the kind asked for, not one of another period.
    const earlier =
      q.before &&
      q.periods.length > 0 &&
      q.periods.every((a) => a.yearKnown && f.period?.yearKnown && f.period.end < a.start);
    const ffit = fit0 === "conflict" && (changeStated || previousValue || earlier) ? "overlap" : fit0;
    // "above 90%", "over £10k": a bound, not a value stated.
    const threshold = THRESHOLD_BEFORE.test(text.slice(Math.max(0, f.figure.start - 15), f.figure.start));
    const veto = (): Veto | null => {
      // "over the age of 18", "aged 16", "ten years old": an age answers only a question asking one.
      const age =
        AGE_BEFORE.test(text.slice(Math.max(0, f.figure.start - 20), f.figure.start)) ||
        AGE_AFTER.test(text.slice(f.figure.end, f.figure.end + 20));
      if (age !== q.age) return "age";
      if (
        !q.age &&
        want !== null &&
        !kindAnswers(want, f.kind, f.figure) &&
        !(rateAsNumber && rateNumber(f, p))
      )
        return "kind";
      // "per 10,000 population": the base a rate is stated on, never a value.
      if (/\bper\s*$/i.test(text.slice(Math.max(0, f.figure.start - 6), f.figure.start))) return "kind";
      // "Rate per 10k population?": a rate on a population base is a number, never a share of something.
      if (PER_BASE.test(q.question) && f.kind === "percent") return "kind";
      // Without a kind asked, a duration is offered only as a dashboard row's value, where it is the measure:
      // elsewhere "within 12 months" is part of a measure's name. Any other number may be the answer.
      if (!q.age && want === null && f.kind === "duration" && !valueCell) return "bare";
      // "Engagement with return interviews is above 90%": a plan's threshold is the target it sets.
      if (f.role !== q.role && !(q.role === "target" && f.role === "actual" && threshold)) {
        // "What do outstanding shire LAs report?" names the shires: their figure is what is asked. Unnamed, it is
        // another council's figure.
        if (f.comparator === null) return "role";
        if (!(q.role === "actual" && namesComparator(ask, f)))
          return q.role === "actual" ? "otherCouncil" : "role";
      }
      if (q.role === "benchmark" && !sameComparator(q, f, p)) return "comparator";
      // "2.5% higher than the national performance" is the council's gap to the benchmark, not the benchmark.
      if (q.role === "benchmark" && GAP_AFTER.test(text.slice(f.figure.end, f.figure.end + 25))) return "gap";
      // A score is a bare number: "135 individuals" or "three specialist teams" count things, they score nothing.
      if (want === "number" && (f.kind === "count" || /^[a-z]+$/i.test(f.figure.raw.trim()))) return "score";
      // "What does Welland House cost per week?": a total cost is no weekly cost.
      if (rate !== null && !rate.test(rateScope(f, p))) return "rate";
      // "Of the 53 CCE referrals, how many were boys?": the 53 is the question's, not the answer.
      if (q.given.includes(f.figure.amount) && f.kind !== "percent") return "given";
      // A whole asked for ("how many CLA in total") is not answered from a paper about one group of them.
      // A table's own total column ("Total Forecast Cost") is the total of its row, whatever the paper is about.
      if (q.total && !columnTotal && unaskedPaperTopic(p, q, ctx)) return "partOfTotal";
      if (want === "count" && (detail || !countedWordCovered(f, text, q))) return "counted";
      if (head !== undefined && headUnstated(f, p, q, head)) return "counted";
      if (aboutUnaskedTopic(f, p, q, ctx)) return "topic";
      // "Hinckley - how many kids open to locality fieldwork?": the figure stated about the place, not the county's.
      if (q.names.some((name) => !name.every((t) => paperTerms.has(t)) && !namesSubject(f, null, p, name)))
        return "place";
      // "How many were girls?": a breakdown the paper does not give is not its total.
      if (sexMissing(q, scope())) return "sex";
      const qualifierScope = p.table ? p.table.indicatorTokens : qualifierTerms(f, p);
      if (unaskedQualifier(qualifierScope, q, ctx) !== null) return "qualifier";
      // "Child Sexual 259⏎Exploitation referrals": an infographic prints its figure inside its label's words.
      if (
        !p.table &&
        LINE_END.test(text.slice(f.figure.end, f.figure.end + 4)) &&
        unaskedQualifier(joinedSegments(qualifierScope), q, ctx) !== null
      )
        return "qualifier";
      if (ffit === "conflict") return "period";
      return null;
    };
    const vetoed = veto();
    // A vetoed figure is kept (training counts the right ones rules lose) but not measured: it is never offered.
    if (vetoed !== null) {
      candidates.push({ f, features: null, score: Number.NEGATIVE_INFINITY, fit: ffit, veto: vetoed });
      return;
    }
    // A row without value columns (a costs table) tells its figures apart only by their column headers.
    const column = p.table && p.table.values.length === 0 && f.column ? termsOf(p.terms(f.column)) : NO_TERMS;
    const label = p.table ? union(p.table.indicatorTokens, column) : labelTerms(f, p);
    const before = text.slice(Math.max(s?.start ?? 0, f.figure.start - 45), f.figure.start);
    const v = p.table?.values.find((tv) => tv.figures.includes(f));
    // "with this figure including the expected £13.2m": a part of the figure before it; "1216 of 1352": the whole.
    const partOfWhole = PART_BEFORE.test(
      text.slice(Math.max(s?.start ?? 0, f.figure.start - 50), f.figure.start),
    );
    const wholeOfPart = isWholeOfPart(f, p);
    const totalNear = callsTotal(f, p);
    // "140 UASC in care and 135 UASC Care Leavers ..., a total of 275", "... comprises of five teams. There are four
    // ... and one ...": for a total asked, the figures summed into it, or listed right after it, are its parts.
    const summed =
      q.total &&
      !totalNear &&
      p.figures.some(
        (g) =>
          g.kind === f.kind &&
          callsTotal(g, p) &&
          ((g.sentence === f.sentence && g.figure.start > f.figure.end) || g.sentence === f.sentence - 1),
      );
    // "May 2020 vs May 2019": the first period named is the headline, the other its comparison.
    const first = q.periods[0];
    const firstFit =
      q.comparison && q.periods.length > 1 && first && f.period ? fitOf([first], [f.period]) : null;
    const peers = p.figures.filter((g) => g.sentence === f.sentence && g.kind === f.kind);
    const amounts = peers.map((g) => g.figure.amount);
    const target = extreme === "max" ? Math.max(...amounts) : Math.min(...amounts);
    const startsChange =
      !v &&
      (BASELINE_BEFORE.test(before) ||
        RANGE_START.test(text.slice(f.figure.end, f.figure.end + 12)) ||
        COMPARED_SENTENCE.test(text.slice(s?.start ?? 0, f.figure.start)));
    const near = text.slice(
      Math.max(s?.start ?? 0, f.figure.start - NEAR_CHARS),
      Math.min(s?.end ?? text.length, f.figure.end + NEAR_CHARS),
    );
    const features: FigureFeatures = {
      sentence: sentenceOnly(f.sentence),
      context: sentenceWithContext(f.sentence),
      fitMatch: ffit === "match" ? 1 : 0,
      fitOverlap: ffit === "overlap" ? 1 : 0,
      order,
      label: !p.table || column !== NO_TERMS ? coverage(q.concepts, weight, label) : 0,
      kindMatch: want !== null && f.kind === want ? 1 : 0,
      // "the normal target, not the stretch one": the figure labelled with what is ruled out is not the answer.
      excluded: q.excluded.some((t) => label.set.has(t)) ? 1 : 0,
      noun:
        (p.table ? nounCounted(p.table.indicator, noun) : nounFollows(f, text, noun, q.concepts)) * nounShare,
      wordNumber: /^[a-z]+$/i.test(f.figure.raw.trim()) ? 1 : 0,
      // A total asked ("the department as a whole"): a part the sentence counts within it is a detail too. Otherwise
      // the whole of "1216 of 1352 assessments were completed" is the part's detail.
      detail: detail || (q.total && (partOfWhole || summed)) || (!q.total && wholeOfPart) ? 1 : 0,
      // A group the question names ("EHCP pupils") missing around the figure: likely the all-pupils figure.
      // "CIC and care leavers together": a total stated ("a total of 275") is of the groups the question adds up.
      missingGroups: q.total && totalNear ? 0 : missingGroups(q, scope()),
      firstPeriod: firstFit === "match" || firstFit === "overlap" ? 1 : 0,
      total: q.total && (totalNear || columnTotal || wholeOfPart) ? 1 : 0,
      tableLatest: v?.when === "latest" && ffit !== "match" ? 1 : 0,
      tablePrevious: v?.when === "previous" && ffit !== "match" && !q.comparison && !q.before ? 1 : 0,
      baseline: !q.before && startsChange && ffit !== "match" && !q.comparison ? 1 : 0,
      baselineAsked: q.before && (startsChange || v?.when === "previous" || earlier) ? 1 : 0,
      changeAsked: changeStated ? 1 : 0,
      partAsked: q.part && partOfWhole ? 1 : 0,
      // "What rate do outstanding shires report?" asks no benchmark in words, but names whose figure it wants.
      comparatorNamed: q.role === "actual" && namesComparator(ask, f) ? 1 : 0,
      // "the priciest placement": of the sentence's figures of this kind, the largest.
      extreme: extreme !== null && peers.length > 1 && f.figure.amount === target ? 1 : 0,
      // "over £10k a week (£14.6k and £10.1k)": a threshold is not one of the values it bounds.
      threshold: extreme !== null && threshold ? 1 : 0,
      rank: ranked.score,
      near: coverage(q.concepts, weight, termsOf(p.terms(near))),
      unitCoverage,
      table: p.table ? 1 : 0,
      firstInSentence: p.figures.find((g) => g.sentence === f.sentence) === f ? 1 : 0,
      periodStated: f.period !== null ? 1 : 0,
    };
    const score = figureScore(features, ctx.figureWeights);
    candidates.push({ f, features, score, fit: ffit, veto: null });
  });
  return candidates;
}

/**
 * The figure a comparison question sets beside the headline: in a dashboard row the other value column, in prose
 * the next figure of the same kind in the headline's sentence or the one after ("1023 ... compared to ... (946
 * students)").
 */
/** Counts and bare numbers are one family: "1023" (no noun) and "946 students". */
function sameFamily(a: FigureInfo["kind"], b: FigureInfo["kind"]): boolean {
  const family = (k: FigureInfo["kind"]) => (k === "count" || k === "number" ? "count" : k);
  return family(a) === family(b);
}

function secondFigure(first: FigureInfo, p: UnitProfile, q: QueryInfo): FigureInfo | null {
  if (p.table) {
    const others = p.table.values.filter((v) => v.role === "actual" && !v.figures.includes(first));
    return others.flatMap((v) => v.figures).find((f) => sameFamily(f.kind, first.kind)) ?? null;
  }
  const text = p.unit.text;
  const candidates = p.figures.filter(
    (f) =>
      f !== first &&
      sameFamily(f.kind, first.kind) &&
      f.figure.amount !== first.figure.amount &&
      Math.abs(f.sentence - first.sentence) <= 1 &&
      !/^[a-z]+$/i.test(f.figure.raw.trim()),
  );
  // A change ("an increase of 77 students (8.1%)") is not the other side of the comparison.
  const notChange = candidates.filter(
    (f) =>
      !/\b(increase|decrease|rise|fall|drop|change|up|down|reduction)\s+(of|by)\s+$/i.test(
        text.slice(Math.max(0, f.figure.start - 30), f.figure.start),
      ),
  );
  const pool = notChange.length > 0 ? notChange : candidates;
  if (q.periods.length > 1) {
    const other = pool.find((f) => f.period && fitOf(q.periods, [f.period]) !== "conflict");
    if (other) return other;
  }
  // Without periods to go by, the figure compared follows the headline.
  return pool.find((f) => f.sentence >= first.sentence) ?? null;
}

/** Terms that open a sentence: its subject, which a group named later in the sentence does not narrow. */
const SUBJECT_TERMS = 10;

function subjectTerms(sentence: string): Terms {
  return termsOf(tokenize(sentence.replace(/\([^()]*\)/g, " ")).slice(0, SUBJECT_TERMS));
}

/** Does the sentence state a date or period the question does not already give ("the 2024-26 plan")? */
function namesNewDate(sentence: string, q: QueryInfo): boolean {
  const given = new Set([...q.periods, ...q.docHints.titlePeriods].map((p) => p.label));
  return extractPeriods(sentence).some((p) => !given.has(p.label));
}

/**
 * Does the figure's subject include this name: its headings, the sentence before, its own sentence up to the end of
 * its clause, or the sentence of the figure it is compared with? "43 were UASC; 62% of these were placed out of
 * county, with a significant number residing in Leicester City" names the city only about the 62%.
 */
const OWN_COUNCIL = /\b(?:Leicestershire County Council|the County Council|LCC)\b/;

function namesSubject(
  f: FigureInfo,
  second: FigureInfo | null,
  p: UnitProfile,
  name: readonly string[],
): boolean {
  const text = p.unit.text;
  const s = p.sentences[f.sentence];
  const end = s?.end ?? text.length;
  // Its clause ends at a semicolon or colon: what follows is about something else, however it is worded.
  const stop = /[;:]/.exec(text.slice(f.figure.end, end));
  const to = stop ? f.figure.end + stop.index : end;
  // "Leicester City and Leicestershire are very similar. For Leicestershire County Council (LCC) the number ... is
  // 304": a sentence giving its figure to the council does not borrow the place the sentence before named.
  const ownCouncil = OWN_COUNCIL.test(text.slice(s?.start ?? 0, f.figure.start));
  const scopes = [
    p.contextTerms,
    p.sectionTerms,
    ownCouncil ? NO_TERMS : (p.sentences[f.sentence - 1]?.tokens ?? NO_TERMS),
    termsOf(p.terms(text.slice(s?.start ?? 0, to))),
    second ? (p.sentences[second.sentence]?.tokens ?? NO_TERMS) : NO_TERMS,
    p.table ? p.table.indicatorTokens : NO_TERMS,
  ];
  // Word by word: "High Needs Grant" is read as "high grant" from the question but stated with "needs" between.
  return scopes.some((t) => name.every((w) => t.set.has(w)));
}

/** "What's the first home called?", "the name of the provider": a name asked, not a figure. */
const ASKS_NAME = /\b(called|named)\s*\??\s*$|\bname of\b|\bwhat(?:'s| is| was) (?:it|its|their) name\b/i;

/** Picks the answering sentence and figure of one ranked unit and decides whether it answers. */
export interface PickContext {
  weight: ConceptWeight;
  aliases: Aliases;
  /** Concept weight from which a glossary term is specific enough to narrow a figure to a subgroup. */
  specific: number;
  figureWeights: FigureWeights;
}

/** Share of the rarest possible weight (a term in one unit) at which a glossary term counts as specific. */
export const SPECIFIC_SHARE = 0.37;

export function pickFromUnit(asked: QueryInfo, ranked: Ranked, ctxArg: PickContext, ask: FigureAsk): Pick {
  const { weight } = ctxArg;
  const p = ranked.profile;
  const text = p.unit.text;
  const ctx = p.contextTerms;
  // A plain word describing the paper that the paper does not print ("the final dept plan", "the plan's snapshot
  // page") is the asker's description: it weighs as little as phrasing. Named subjects ("the VRN briefing") do not.
  const described = (c: Concept) =>
    c.paper &&
    !c.expanded &&
    !conceptCovered(c, p.tokens) &&
    !conceptCovered(c, ctx) &&
    !conceptCovered(c, p.docTokens);
  const wording = asked.concepts.map((c) => (described(c) ? { ...c, soft: true } : c));
  const unitCoverage = coverage(wording, weight, p.tokens, p.docTokens);
  // The words naming the paper ("the VRN briefing") are met by the unit's paper; its sentences state the rest.
  const q: QueryInfo = {
    ...asked,
    concepts: asked.concepts.filter(
      (c) => !(c.paper && (described(c) || conceptCovered(c, ctx) || conceptCovered(c, p.docTokens))),
    ),
  };

  const section = p.sectionTerms;
  const sentenceOnly = (si: number): number => {
    const s = p.sentences[si];
    if (!s) return 0;
    const prev = p.sentences[si - 1];
    return Math.max(
      coverage(q.concepts, weight, s.tokens),
      prev ? coverage(q.concepts, weight, union(s.tokens, prev.tokens)) - 0.1 : 0,
      // "About the VRN" > "Established in September 2019 ...": the nearest heading is the sentence's subject.
      coverage(q.concepts, weight, union(s.tokens, prev?.tokens ?? NO_TERMS, section)) - SECTION_DISCOUNT,
      // A paragraph's opening sentence names what its later sentences go on to say about.
      coverage(q.concepts, weight, union(s.tokens, p.sentences[0]?.tokens ?? NO_TERMS)) - SECTION_DISCOUNT,
    );
  };
  const sentenceWithContext = (si: number): number =>
    coverage(q.concepts, weight, union(p.sentences[si]?.tokens ?? NO_TERMS, ctx));

  // "In the Newton deep dive": a name that only says which study is met by its paper naming it.
  const paperTerms = new Set(asked.concepts.filter((c) => c.paper).flatMap((c) => c.alternatives.flat()));
  let figure: FigureInfo | null = null;
  let fit: PeriodFit = unitFit(q.periods, p);
  let si = 0;
  let answerScore = 0;

  const wantsFigure =
    !/^\s*(who|when|where|which|why|whose|did|does|is|are|was|were|has|have|what (kinds?|types?|sorts?) of)\b/i.test(
      q.question,
    ) && !ASKS_NAME.test(q.question);
  // An age, target or benchmark asked is a figure asked, whatever kind the number parser gives it.
  const kindAsked = q.figureKind !== null || q.age || q.change || q.role !== "actual";
  const candidates =
    kindAsked || wantsFigure
      ? figureCandidates(
          q,
          ask,
          p,
          ctxArg,
          sentenceOnly,
          sentenceWithContext,
          paperTerms,
          ranked,
          unitCoverage,
        )
      : [];
  const chosen = candidates.reduce<FigureCandidate | null>(
    (b, c) => (c.veto !== null || (b && b.score >= c.score) ? b : c),
    null,
  );
  // Without a kind asked, a figure is offered only when its sentence is the one that answers.
  if (chosen && (kindAsked || sentenceOnly(chosen.f.sentence) >= 0.6)) {
    figure = chosen.f;
    fit = chosen.fit;
    si = chosen.f.sentence;
    answerScore = chosen.score;
  } else {
    let bestScore = Number.NEGATIVE_INFINITY;
    const when = /^\s*when\b/i.test(q.question);
    p.sentences.forEach((s, i) => {
      if (figuresIn(p, i) > MAX_FIGURES_PER_SENTENCE) return;
      // "When was it set up?" is answered by a sentence that names a date, other than the ones the question gives.
      if (when && !s.dated) return;
      if (when && !namesNewDate(p.unit.text.slice(s.start, s.end), q)) return;
      if (unaskedQualifier(subjectTerms(p.unit.text.slice(s.start, s.end)), q, ctxArg)) return;
      const sfit = fitOf(q.periods, s.periods);
      const score =
        2 * sentenceOnly(i) +
        sentenceWithContext(i) +
        (sfit === "conflict" ? -2 : sfit === "match" ? 0.3 : 0);
      if (score > bestScore) {
        bestScore = score;
        si = i;
      }
    });
    // A fact is told in prose; a row of cells answers it only when no paragraph does as well.
    answerScore =
      FACT_RANK_WEIGHT * ranked.score + bestScore - (p.unit.kind === "table_row" ? TABLE_FACT_PENALTY : 0);
    if (q.periods.length > 0) {
      const sfit = fitOf(q.periods, p.sentences[si]?.periods ?? []);
      if (sfit !== "unknown") fit = sfit;
    }
  }

  let quote = quoteSpan(p, si, q, weight);
  const answering = text.slice(quote.start, quote.end);
  // A fact's answer is often the sentence after the one naming the subject ("...underwent its ILACS inspection.
  // ... overall LCC remained 'requires improvement'").
  const next = p.sentences[si + 1];
  if (figure === null && next && next.end - quote.start <= MAX_QUOTE_CHARS)
    quote = { start: quote.start, end: next.end };
  let second = figure && q.comparison ? secondFigure(figure, p, q) : null;
  // "May 2020 vs May 2019": the figure for the first period named leads, whichever sentence scored higher.
  const firstAsked = q.periods[0];
  if (figure && second && firstAsked && q.periods.length > 1) {
    const fits = (f: FigureInfo) =>
      f.period !== null && ["match", "overlap"].includes(fitOf([firstAsked], [f.period]));
    if (fits(second) && !fits(figure)) [figure, second] = [second, figure];
  }
  const secondSentence = second ? p.sentences[second.sentence] : undefined;
  if (secondSentence && secondSentence.start < quote.start)
    quote = { start: secondSentence.start, end: quote.end };
  // The compared figure is quoted too when it stands in the next sentence.
  if (
    secondSentence &&
    secondSentence.end > quote.end &&
    secondSentence.end - quote.start <= MAX_QUOTE_CHARS
  ) {
    quote = { start: quote.start, end: secondSentence.end };
  }
  const quoteTokens = union(termsOf(p.terms(text.slice(quote.start, quote.end))), ctx);
  const quoteCoverage = coverage(q.concepts, weight, quoteTokens, p.docTokens);

  const missingName = q.names.find((name) => !hasPhrase(p.tokens, name) && !hasPhrase(p.docTokens, name));
  // A glossary term the question names (CP, EHCP, UASC) is its subject: a paper that never mentions it cannot
  // answer, however well the common words ("cases", "review") match.
  const missingTerm = q.concepts.find(
    (c) =>
      c.expanded &&
      !c.soft &&
      !conceptCovered(c, p.tokens) &&
      !conceptCovered(c, ctx) &&
      !conceptCovered(c, p.docTokens),
  );
  let reason: string | null = null;
  // A figure is about whom its own sentence says: "Leicester City" named elsewhere does not make the county's 43
  // UASC the city's.
  const unstatedName =
    figure === null
      ? undefined
      : q.names.find(
          (name) => !name.every((t) => paperTerms.has(t)) && !namesSubject(figure, second, p, name),
        );
  if (missingName) reason = `its paper does not mention ${missingName.join(" ")}`;
  else if (missingTerm) reason = `its paper does not mention ${missingTerm.label}`;
  else if (unstatedName) reason = `the figure is not stated about ${unstatedName.join(" ")}`;
  else if (unitCoverage < MIN_UNIT_COVERAGE) reason = `covers ${unitCoverage.toFixed(2)} of the question`;
  else if (figure === null && answerScore === Number.NEGATIVE_INFINITY) reason = "no sentence reads as prose";
  else if (figure === null && unaskedQualifier(subjectTerms(answering), q, ctxArg))
    reason = "the passage is about a group the question does not name";
  else if (figure === null && sentenceOnly(si) < MIN_FACT_COVERAGE)
    reason = `the best sentence covers ${sentenceOnly(si).toFixed(2)} on its own`;
  else if (quoteCoverage < (figure === null ? MIN_QUOTE_COVERAGE : MIN_FIGURE_QUOTE_COVERAGE))
    reason = `quoted text covers ${quoteCoverage.toFixed(2)}`;
  else if (kindAsked && figure === null)
    reason = `no ${q.age ? "age" : (q.figureKind ?? q.role)} figure for the period and subject asked`;
  // A target or benchmark asked for is a value: a passage that merely mentions one does not give it.
  else if (q.role !== "actual" && figure === null) reason = `no ${q.role} figure for the subject asked`;
  else if (
    figure !== null &&
    sentenceOnly(si) <
      (fit === "match" && figure.period !== null ? MIN_DATED_SENTENCE_COVERAGE : MIN_SENTENCE_COVERAGE)
  )
    reason = `the figure's sentence covers ${sentenceOnly(si).toFixed(2)} on its own`;
  else if (q.periods.length > 0) {
    if (fit === "conflict") reason = "states a different period";
    else if (fit === "unknown" && !plausiblyAbout(q, p)) reason = "does not say which period";
    // A quoted sentence answers for a period only when it names it: "40% ... an improvement on the previous year"
    // in a paper of March 2020 is no answer to "Progress 8 in 2019", however close the dates.
    else if (figure === null && wantsFigure && fit === "unknown")
      reason = "the sentence does not say which period";
  }

  const score = answerScore + (figure ? 0.5 : 0);
  return {
    ranked,
    quote,
    figure,
    second,
    detail: figure ? detailFor(figure, p) : null,
    unitCoverage,
    quoteCoverage,
    sentenceCoverage: sentenceOnly(si),
    fit,
    answers: reason === null,
    reason,
    score,
    candidates,
  };
}

/** Share of the question (by weight) that the retrieved papers mention at all, below which nothing answers. */
export const MIN_ATTAINABLE = 0.6;
/** Weight at most of a plain question word that no retrieved unit states. */
const UNATTAINED_WEIGHT = 1.5;

/**
 * The question as the retrieved units can answer it: concepts no retrieved unit states ("altogether", "roughly")
 * are left out of the coverage each unit must reach, as long as what remains is most of the question. A question
 * mostly about things the papers never mention ("the weather in Leicester tomorrow") is not answerable at all.
 */
export function attainable(
  q: QueryInfo,
  ranked: Ranked[],
  weight: ConceptWeight,
): { q: QueryInfo; missing: string[]; share: number } {
  const pool = ranked.slice(0, MAX_CANDIDATES * 2);
  const kept = q.concepts.filter((c) => pool.some((r) => conceptCovered(c, r.profile.tokens)));
  // A single word nothing retrieved uses ("meant", "organised") is judged like an unknown word: most likely
  // the question's own phrasing. Topics the papers lack are caught by what the question does name.
  // An acronym ("ICPC") is a subject, never phrasing: unstated, it weighs in full against the question.
  const capitals = acronymsOf(q.question);
  const cap = (c: Concept) =>
    kept.includes(c) || c.expanded || capitals.has(c.label)
      ? weight(c)
      : Math.min(weight(c), UNATTAINED_WEIGHT);
  const total = q.concepts.reduce((s, c) => s + cap(c), 0);
  const got = kept.reduce((s, c) => s + weight(c), 0);
  const missing = q.concepts.filter((c) => !kept.includes(c)).map((c) => c.label);
  return { q: { ...q, concepts: kept }, missing, share: total === 0 ? 1 : got / total };
}

/** Terms the question writes in capitals ("ICPC", "S47s"): names of things, never the asker's phrasing. */
function acronymsOf(question: string): Set<string> {
  const words = question.match(/\b[A-Z][A-Z0-9]*[A-Z0-9]s?\b/g) ?? [];
  return new Set(words.filter((w) => /[A-Z].*[A-Z0-9]/.test(w)).flatMap((w) => tokenize(w)));
}

/** The picks of the best ranked units, best answer first; non-answering picks after. */
export function pickAnswers(q: QueryInfo, ranked: Ranked[], ctx: PickContext): Pick[] {
  const reach = attainable(q, ranked, ctx.weight);
  const ask = figureAsk(q);
  const picks = ranked.slice(0, MAX_CANDIDATES).map((r) => {
    const pick = pickFromUnit(reach.q, r, ctx, ask);
    if (reach.share < MIN_ATTAINABLE) {
      return { ...pick, answers: false, reason: `the papers do not mention ${reach.missing.join(", ")}` };
    }
    if (q.concepts.length === 0) {
      return { ...pick, answers: false, reason: "the question names nothing to look for" };
    }
    return pick;
  });
  return picks.sort((a, b) => Number(b.answers) - Number(a.answers) || b.score - a.score);
}

/** The quote as printed: whitespace collapsed, cut at a sentence when over-long. */
export function quoteText(pick: Pick): string {
  const p = pick.ranked.profile;
  let text = p.unit.text.slice(pick.quote.start, pick.quote.end);
  if (p.unit.kind === "table_row" && p.table && pick.figure) text = tableQuote(pick);
  text = text.replace(/\s+/g, " ").trim();
  if (text.length > MAX_QUOTE_CHARS) text = `${text.slice(0, MAX_QUOTE_CHARS - 1).replace(/\s+\S*$/, "")}…`;
  return text;
}

/** A dashboard row quoted as its indicator, the period and the value cells, not all fifteen columns. */
function tableQuote(pick: Pick): string {
  const p = pick.ranked.profile;
  const table = p.unit.table;
  if (!table) return p.unit.text;
  const keep = new Set<number>();
  table.header.forEach((h, i) => {
    const cell = table.cells[i] ?? "";
    if (!cell.trim()) return;
    if (cell === p.table?.indicator) keep.add(i);
    if (/period|update|value|figure|target|indicator/i.test(h)) keep.add(i);
    if (pick.figure && cell.includes(pick.figure.figure.raw.trim())) keep.add(i);
  });
  const parts = [...keep]
    .sort((a, b) => a - b)
    .map((i) => {
      const h = table.header[i]?.trim();
      const cell = table.cells[i]?.trim() ?? "";
      return h ? `${h}: ${cell}` : cell;
    });
  const quoted = parts.join("; ");
  // Only quote what the unit's text states word for word; otherwise fall back to the row as indexed.
  return parts.every((part) => p.unit.text.includes(part.split(": ").pop() ?? part)) ? quoted : p.unit.text;
}
