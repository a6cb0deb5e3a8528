/**
 * Learning the figure weights: a conditional-logit ranker. Each question is a group of candidate figures (from
 * the units the engine examined), some of them right; the weights maximise the probability the engine's softmax
 * over a group puts on its right candidates. An L2 pull towards the hand weights keeps a feature the cases say
 * little about at its reasoned value. Pure functions: features in, weights out.
 */

export interface Candidate {
  features: readonly number[];
  right: boolean;
  /** The engine's reason this figure cannot answer, if any: such candidates are never offered. */
  veto: string | null;
}

export interface Group {
  id: string;
  /** Which gold file the question came from: cross-validation holds out one set at a time. */
  set: string;
  candidates: readonly Candidate[];
}

export interface FitOptions {
  /** Strength of the pull towards the prior, per question. */
  l2: number;
  iterations: number;
  rate: number;
}

export const DEFAULT_FIT: FitOptions = { l2: 0.01, iterations: 1500, rate: 0.05 };

function dot(w: readonly number[], x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += (w[i] ?? 0) * (x[i] ?? 0);
  return s;
}

/** Each group with only the candidates the engine offers (no veto). */
export function offered(groups: readonly Group[]): Group[] {
  return groups.map((g) => ({ ...g, candidates: g.candidates.filter((c) => c.veto === null) }));
}

/**
 * Questions whose right figure was there but vetoed (and no offered figure is right), by the veto: where the
 * engine's rules, not its weights, lose the answer.
 */
export function vetoedRight(groups: readonly Group[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const g of groups) {
    if (g.candidates.some((c) => c.right && c.veto === null)) continue;
    const vetoes = new Set(g.candidates.flatMap((c) => (c.right && c.veto !== null ? [c.veto] : [])));
    for (const v of vetoes) out[v] = (out[v] ?? 0) + 1;
  }
  return out;
}

/** Groups that can teach anything: at least one right and one wrong candidate. */
export function learnable(groups: readonly Group[]): Group[] {
  return groups.filter((g) => g.candidates.some((c) => c.right) && g.candidates.some((c) => !c.right));
}

/** Mean negative log-likelihood of the right candidates, and its gradient. */
export function loss(groups: readonly Group[], w: readonly number[]): { value: number; gradient: number[] } {
  const gradient = w.map(() => 0);
  let value = 0;
  for (const g of groups) {
    const scores = g.candidates.map((c) => dot(w, c.features));
    const top = Math.max(...scores);
    const exps = scores.map((s) => Math.exp(s - top));
    const all = exps.reduce((a, b) => a + b, 0);
    const right = exps.reduce((a, e, i) => a + (g.candidates[i]?.right ? e : 0), 0);
    value += Math.log(all) - Math.log(right);
    g.candidates.forEach((c, i) => {
      const e = exps[i] ?? 0;
      // d/dw [log all - log right] = E_all[x] - E_right[x]
      const coef = e / all - (c.right ? e / right : 0);
      for (let k = 0; k < gradient.length; k++)
        gradient[k] = (gradient[k] ?? 0) + coef * (c.features[k] ?? 0);
    });
  }
  const n = Math.max(1, groups.length);
  return { value: value / n, gradient: gradient.map((d) => d / n) };
}

/** Adam on the regularised loss, from the prior. Deterministic: same groups, same weights. */
export function fitWeights(
  groups: readonly Group[],
  prior: readonly number[],
  options: FitOptions = DEFAULT_FIT,
): number[] {
  const data = learnable(groups);
  const w = [...prior];
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  for (let t = 1; t <= options.iterations; t++) {
    const { gradient } = loss(data, w);
    for (let k = 0; k < w.length; k++) {
      const g = (gradient[k] ?? 0) + 2 * options.l2 * ((w[k] ?? 0) - (prior[k] ?? 0));
      m[k] = b1 * (m[k] ?? 0) + (1 - b1) * g;
      v[k] = b2 * (v[k] ?? 0) + (1 - b2) * g * g;
      const mh = (m[k] ?? 0) / (1 - b1 ** t);
      const vh = (v[k] ?? 0) / (1 - b2 ** t);
      w[k] = (w[k] ?? 0) - (options.rate * mh) / (Math.sqrt(vh) + eps);
    }
  }
  return w;
}

/** Questions whose best-scored candidate is right (ties go to the first, as in the engine). */
export function topOne(groups: readonly Group[], w: readonly number[]): number {
  let right = 0;
  for (const g of groups) {
    let best: Candidate | null = null;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const c of g.candidates) {
      const s = dot(w, c.features);
      if (s > bestScore) {
        best = c;
        bestScore = s;
      }
    }
    if (best?.right) right++;
  }
  return right;
}

export interface Fold {
  heldOut: string;
  questions: number;
  /** Questions with a right candidate at all: the most any weights can get. */
  reachable: number;
  /** Right top candidates with the weights trained from (the engine's). */
  engine: number;
  learned: number;
}

/** Leave one gold set out at a time: train on the others, count right top candidates on the one left out. */
export function crossValidate(
  groups: readonly Group[],
  prior: readonly number[],
  options: FitOptions = DEFAULT_FIT,
): Fold[] {
  const sets = [...new Set(groups.map((g) => g.set))].sort();
  return sets.map((heldOut) => {
    const test = groups.filter((g) => g.set === heldOut);
    const w = fitWeights(
      groups.filter((g) => g.set !== heldOut),
      prior,
      options,
    );
    return {
      heldOut,
      questions: test.length,
      reachable: test.filter((g) => g.candidates.some((c) => c.right)).length,
      engine: topOne(test, prior),
      learned: topOne(test, w),
    };
  });
}
