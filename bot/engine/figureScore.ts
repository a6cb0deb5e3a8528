/**
 * How a candidate figure is scored: a weighted sum of what is measured about it (features). The weights are set
 * by reasoning and checked by `npm run train` (eval/train/), which learns weights from the read gold cases and
 * compares both on gold sets held out: change them only for weights that do better held out.
 */

export const FIGURE_FEATURES = [
  /** Question coverage of the figure's sentence on its own (or with the sentence before or its heading). */
  "sentence",
  /** Question coverage of the sentence read with the unit's headings and paper. */
  "context",
  /** The figure's period is the one asked. */
  "fitMatch",
  /** The figure's period overlaps the one asked. */
  "fitOverlap",
  /** Position of the figure in its unit (0, 1, 2...). */
  "order",
  /** Question coverage of the words labelling the figure. */
  "label",
  /** The figure is of the kind asked (a percentage for "what %"). */
  "kindMatch",
  /** The figure is labelled with what the question rules out ("not the stretch target"). */
  "excluded",
  /** The counted noun asked ("how many services") follows the figure. */
  "noun",
  /** The figure is written as a word ("three"). */
  "wordNumber",
  /** A bracketed detail of another figure ("(1218 FTE)"). */
  "detail",
  /** Groups the question names that are missing around the figure. */
  "missingGroups",
  /** In a comparison, the figure is of the first period named. */
  "firstPeriod",
  /** A total asked, and the figure is stated as a total. */
  "total",
  /** A dashboard's latest value, when the period asked is not matched. */
  "tableLatest",
  /** A dashboard's previous value, when neither period nor comparison asks for it. */
  "tablePrevious",
  /** A baseline ("from 12%") or the start of a range. */
  "baseline",
  /** A baseline or a dashboard's previous value, when the question asks what it was before it changed. */
  "baselineAsked",
  /** A change stated as one ("an increase of 77", "up by 5"), when the question asks for the size of a change. */
  "changeAsked",
  /** A part the sentence counts within a whole ("including the expected £13.2m"), when the question asks for a part. */
  "partAsked",
  /** "What rate do the outstanding shire councils report?": the figure of the comparator the question names. */
  "comparatorNamed",
  /** The largest (smallest) of its sentence's figures, when the question asks for the most (least). */
  "extreme",
  /** A threshold ("over £10k") when the question asks for the most or least. */
  "threshold",
  /** The unit's retrieval and rerank score. */
  "rank",
  /** Question coverage of the few words either side of the figure: the nearer the asked words, the likelier. */
  "near",
  /** Question coverage of the whole unit. */
  "unitCoverage",
  /** The unit is a table row. */
  "table",
  /** The first figure of its sentence. */
  "firstInSentence",
  /** The figure's own period is stated. */
  "periodStated",
] as const;

export type FigureFeature = (typeof FIGURE_FEATURES)[number];
export type FigureFeatures = Record<FigureFeature, number>;
export type FigureWeights = Record<FigureFeature, number>;

/** The weights the engine uses; also the prior the training starts from and is pulled back towards. */
export const FIGURE_WEIGHTS: FigureWeights = {
  sentence: 2,
  context: 1,
  fitMatch: 1,
  fitOverlap: 0.6,
  order: -0.01,
  label: 1.2,
  kindMatch: 0.3,
  excluded: -1.5,
  noun: 1.6,
  wordNumber: -0.2,
  detail: -1,
  missingGroups: -1.5,
  firstPeriod: 1,
  total: 1.5,
  tableLatest: 0.3,
  tablePrevious: -0.6,
  baseline: -0.8,
  baselineAsked: 1.5,
  changeAsked: 1.5,
  partAsked: 1,
  comparatorNamed: 1,
  extreme: 0.8,
  threshold: -0.8,
  rank: 0.5,
  near: 0,
  unitCoverage: 0,
  table: 0,
  firstInSentence: 0,
  periodStated: 0,
};

export function figureScore(features: FigureFeatures, weights: FigureWeights): number {
  let score = 0;
  for (const name of FIGURE_FEATURES) score += weights[name] * features[name];
  return score;
}
