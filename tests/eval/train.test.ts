import { describe, expect, it } from "vitest";
import {
  type Candidate,
  crossValidate,
  fitWeights,
  type Group,
  learnable,
  loss,
  offered,
  topOne,
  vetoedRight,
} from "../../eval/train/fit.js";

const cand = (features: number[], right = false, veto: string | null = null): Candidate => ({
  features,
  right,
  veto,
});

/**
 * Questions where feature 0 (say, sentence coverage) misleads and feature 1 (say, the period fits) marks the right
 * figure: the prior trusts feature 0, so it picks wrong until the weights are learned.
 */
function misled(set: string, n: number): Group[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${set}-${i}`,
    set,
    candidates: [cand([1, 0]), cand([0.6, 1], true), cand([0.2, 0])],
  }));
}

describe("loss", () => {
  it("has the gradient its finite differences give", () => {
    const groups: Group[] = [
      { id: "a", set: "s", candidates: [cand([1, 0.5]), cand([0.2, 1], true), cand([0, 0])] },
      { id: "b", set: "s", candidates: [cand([0.3, 0.1], true), cand([0.9, 0.4])] },
    ];
    const w = [0.7, -0.3];
    const { gradient } = loss(groups, w);
    const h = 1e-6;
    for (let k = 0; k < w.length; k++) {
      const up = w.map((x, i) => (i === k ? x + h : x));
      const down = w.map((x, i) => (i === k ? x - h : x));
      const numeric = (loss(groups, up).value - loss(groups, down).value) / (2 * h);
      expect(gradient[k]).toBeCloseTo(numeric, 5);
    }
  });
});

describe("fitWeights", () => {
  it("learns the feature that marks the right figure, from a prior that picks wrong", () => {
    const groups = misled("a", 20);
    const prior = [1, 0];
    expect(topOne(groups, prior)).toBe(0);
    const w = fitWeights(groups, prior, { l2: 0.001, iterations: 300, rate: 0.05 });
    expect(topOne(groups, w)).toBe(20);
    expect(w[1]).toBeGreaterThan(w[0] ?? 0);
  });

  it("keeps the prior where the cases cannot tell right from wrong", () => {
    const same: Group[] = Array.from({ length: 10 }, (_, i) => ({
      id: String(i),
      set: "a",
      candidates: [cand([1, 1], true), cand([1, 1])],
    }));
    const w = fitWeights(same, [2, -1], { l2: 0.05, iterations: 300, rate: 0.05 });
    expect(w[0]).toBeCloseTo(2, 2);
    expect(w[1]).toBeCloseTo(-1, 2);
  });

  it("learns only from questions with a right and a wrong candidate", () => {
    const groups: Group[] = [
      ...misled("a", 2),
      { id: "none-right", set: "a", candidates: [cand([1, 0])] },
      { id: "all-right", set: "a", candidates: [cand([1, 0], true)] },
    ];
    expect(learnable(groups).map((g) => g.id)).toEqual(["a-0", "a-1"]);
  });
});

describe("crossValidate", () => {
  it("holds out each set in turn and counts right top candidates with both weights", () => {
    const groups = [...misled("a", 10), ...misled("b", 6)];
    const folds = crossValidate(groups, [1, 0], { l2: 0.001, iterations: 300, rate: 0.05 });
    expect(folds).toEqual([
      { heldOut: "a", questions: 10, reachable: 10, engine: 0, learned: 10 },
      { heldOut: "b", questions: 6, reachable: 6, engine: 0, learned: 6 },
    ]);
  });

  it("learns nothing for a set whose lesson the other sets contradict", () => {
    const flipped: Group[] = Array.from({ length: 8 }, (_, i) => ({
      id: `b-${i}`,
      set: "b",
      candidates: [cand([1, 0], true), cand([0.6, 1]), cand([0.2, 0])],
    }));
    const folds = crossValidate([...misled("a", 10), ...flipped], [1, 0], {
      l2: 0.001,
      iterations: 300,
      rate: 0.05,
    });
    const b = folds.find((f) => f.heldOut === "b");
    expect(b).toMatchObject({ engine: 8, learned: 0 });
  });
});

describe("vetoes", () => {
  const groups: Group[] = [
    // The right figure vetoed and nothing offered right: lost to the rule.
    { id: "lost", set: "a", candidates: [cand([1, 0], true, "role"), cand([0, 1])] },
    // Vetoed too, but an offered candidate is right: nothing lost.
    { id: "kept", set: "a", candidates: [cand([1, 0], true, "kind"), cand([0, 1], true)] },
    { id: "two", set: "a", candidates: [cand([1, 0], true, "role"), cand([0, 1], true, "period")] },
  ];

  it("offers only the candidates no rule vetoes", () => {
    expect(offered(groups).map((g) => g.candidates.length)).toEqual([1, 1, 0]);
  });

  it("counts the questions whose right figure only a veto kept out, by veto", () => {
    expect(vetoedRight(groups)).toEqual({ role: 2, period: 1 });
  });
});
