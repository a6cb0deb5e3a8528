import { describe, expect, it } from "vitest";
import type { Answer, Citation } from "../../../bot/engine/types.js";
import {
  ACTION_FEEDBACK_DOWN,
  ACTION_FEEDBACK_UP,
  answerMessage,
  answerText,
  citationLine,
  decodeQuoteValue,
  draftMessage,
  encodeQuoteValue,
  figureSpans,
  homeView,
  LIMITS,
  mrkdwnWithFigures,
  type PaperInfo,
  quoteModal,
  sourcesMessage,
} from "../../../bot/slack/blocks.js";
import { decodeFeedbackValue } from "../../../bot/slack/feedback.js";
import { CORPUS_UNITS } from "../../fakes/engine.js";

type AnyBlock = {
  type: string;
  block_id?: string;
  text?: { type: string; text: string };
  elements?: { type: string; text?: unknown; value?: string; action_id?: string }[];
};

const [PARA7, CIP11, DA25, EXEMPT10] = CORPUS_UNITS.map((u) => u.citation) as [
  Citation,
  Citation,
  Citation,
  Citation,
];

function answered(citations: Citation[], answer: string, figures: string[], notes: string[] = []): Answer {
  return {
    question:
      "What percentage of child protection cases were reviewed within timescales at the end of quarter 3?",
    answer,
    answered: true,
    mode: "extractive",
    citations,
    figures: figures.map((text) => ({
      value: Number.parseFloat(text.replace(/[£,%]/g, "")),
      unit: "number",
      text,
    })),
    notes,
    suggestions: [],
  };
}

const Q3_ANSWER =
  "The percentage of Child Protection cases reviewed within timescales was 82.6% at the end of quarter 3, with 266 of 322 children having all reviews on time within the last 12 months.";

function blocksOf(answer: Answer): AnyBlock[] {
  return answerMessage(answer).blocks as AnyBlock[];
}

function allValues(blocks: AnyBlock[]): string[] {
  return blocks.flatMap((b) =>
    (b.elements ?? []).map((e) => e.value).filter((v): v is string => v !== undefined),
  );
}

function allTexts(blocks: AnyBlock[]): string[] {
  return blocks.flatMap((b) => [
    ...(b.text ? [b.text.text] : []),
    ...(b.elements ?? []).flatMap((e) => (typeof e.text === "string" ? [e.text] : [])),
  ]);
}

describe("figureSpans / mrkdwnWithFigures", () => {
  it.each([
    [Q3_ANSWER, ["82.6%", "266", "322"], "was *82.6%* at the end of quarter 3, with *266* of *322* children"],
    [
      "This is an improvement on the quarter 4 figure of 75.7% (293 of 387).",
      ["75.7%", "293", "387"],
      "of *75.7%* (*293* of *387*).",
    ],
    ["to the current average of £5.8k per week", ["£5.8k"], "of *£5.8k* per week"],
    // The figure as the engine printed it may leave out the £: the bold still takes it in.
    ["to the current average of £5.8k per week", ["5.8k"], "of *£5.8k* per week"],
    [
      "co-ordinating the plan around the £1.1million spend",
      ["£1.1million"],
      "around the *£1.1million* spend",
    ],
    ["which equates to a 21% increase", ["21%"], "a *21%* increase"],
  ])("%s", (text, figures, expected) => {
    expect(mrkdwnWithFigures(text, figures)).toContain(expected);
  });

  it("bolds only whole figures: 82.6% is not found inside 182.6% or 82.65%", () => {
    expect(figureSpans("rose from 182.6% to 82.65%", ["82.6%"])).toEqual([]);
    expect(figureSpans("rose from 182.6% to 82.6%", ["82.6%"])).toEqual([{ start: 20, end: 25 }]);
  });

  it("does not bold a figure inside a URL", () => {
    const text =
      "guidance at https://assets.publishing.service.gov.uk/government/uploads/system/uploads/attachment_data/file/271429/x.pdf";
    expect(figureSpans(text, ["271429"])).toEqual([]);
  });

  it("escapes the text around the figures", () => {
    expect(mrkdwnWithFigures("A&E <target> of 95% *met*", ["95%"])).toBe(
      "A&amp;E &lt;target&gt; of *95%* \u2217met\u2217",
    );
  });
});

describe("citationLine", () => {
  it.each([
    [PARA7, 1, "[1] *Quarter 3 2023/24 Performance Report* · 5 March 2024 · para 7"],
    [EXEMPT10, 2, "[2] *Defining Children and Family Services for the Future* · 2 November 2021 · para 10"],
    [
      { title: "Minutes of a meeting held on 3 March 2020", date: "2020-06-02", paragraph: "74", page: 9 },
      undefined,
      "*Minutes of a meeting held on 3 March 2020* · 2 June 2020 · para 74 · p. 9",
    ],
    [
      { title: "Appendix A: Q3 dashboard", date: null, paragraph: null, page: 12 },
      3,
      "[3] *Appendix A: Q3 dashboard* · p. 12",
    ],
    [
      { title: "Leicester, Leicestershire & Rutland VRN", date: null, paragraph: "3.2", page: null },
      undefined,
      "*Leicester, Leicestershire &amp; Rutland VRN* · para 3.2",
    ],
  ])("%#", (c, n, expected) => {
    expect(citationLine(c, n)).toBe(expected);
  });
});

describe("answerMessage", () => {
  it("lays out an answered question: answer with bold figures, cited source, quote and feedback buttons", () => {
    const answer = answered([PARA7], Q3_ANSWER, ["82.6%", "266", "322"]);
    const msg = answerMessage(answer);
    const blocks = msg.blocks as AnyBlock[];
    expect(blocks.map((b) => b.type)).toEqual(["section", "context", "actions", "actions"]);
    expect(blocks[0]?.text?.text).toBe(
      "The percentage of Child Protection cases reviewed within timescales was *82.6%* at the end of quarter 3, with *266* of *322* children having all reviews on time within the last 12 months.",
    );
    expect(JSON.stringify(blocks[1])).toContain(
      "[1] *Quarter 3 2023/24 Performance Report* · 5 March 2024 · para 7",
    );
    expect(blocks[2]?.elements?.map((e) => e.action_id)).toEqual(["show_quote:1"]);
    expect(blocks[3]?.elements?.map((e) => e.action_id)).toEqual([ACTION_FEEDBACK_UP, ACTION_FEEDBACK_DOWN]);
    expect(msg.text).toBe(Q3_ANSWER);
    const quote = decodeQuoteValue(blocks[2]?.elements?.[0]?.value ?? "");
    expect(quote?.text).toBe(PARA7.text);
    expect(quote?.collection).toBe("public");
    const fb = decodeFeedbackValue(blocks[3]?.elements?.[0]?.value ?? "");
    expect(fb).toMatchObject({
      question: answer.question,
      answer: Q3_ANSWER,
      answered: true,
      truncated: false,
    });
    expect(fb?.citations).toEqual([{ id: PARA7.id, source: PARA7.source, paragraph: "7", page: null }]);
  });

  it("shows notes from the engine", () => {
    const answer = answered(
      [PARA7, CIP11],
      Q3_ANSWER,
      ["82.6%"],
      ["Two papers give different figures for this measure; the newer one is shown first."],
    );
    const blocks = blocksOf(answer);
    expect(blocks[1]?.type).toBe("context");
    expect(JSON.stringify(blocks[1])).toContain(":information_source: Two papers give different figures");
    expect(blocks.filter((b) => b.type === "context").length).toBe(3);
  });

  it("says 'Not in the papers' and offers the closest sources as 'you may mean'", () => {
    const answer: Answer = {
      question: "How many foster carers were recruited in 2023?",
      answer: "Not in the papers.",
      answered: false,
      mode: "extractive",
      citations: [],
      figures: [],
      notes: [],
      suggestions: [CIP11, DA25],
    };
    const msg = answerMessage(answer);
    const blocks = msg.blocks as AnyBlock[];
    expect(blocks[0]?.text?.text).toBe("*Not in the papers.*");
    expect(blocks[1]?.text?.text).toBe("You may mean:");
    expect(JSON.stringify(blocks)).toContain(
      "[1] *Children's Innovation Partnership* · 5 March 2024 · para 11",
    );
    expect(JSON.stringify(blocks)).toContain(
      "[2] *Children and Family Services Department* · 5 March 2024 · para 25",
    );
    expect(msg.text).toBe("Not in the papers.");
    expect(decodeFeedbackValue(allValues(blocks).at(-1) ?? "")?.answered).toBe(false);
  });

  it("does not repeat the engine's own not-found sentence", () => {
    const answer: Answer = {
      question: "How many foster carers were recruited in 2023?",
      answer: "I could not find this in the papers.",
      answered: false,
      mode: "extractive",
      citations: [],
      figures: [],
      notes: [],
      suggestions: [],
    };
    expect(blocksOf(answer)[0]?.text?.text).toBe("*Not in the papers.*");
    expect(answerText(answer)).toBe("Not in the papers.");
  });

  it("keeps an engine's explanation after 'Not in the papers'", () => {
    const answer: Answer = {
      question: "q",
      answer: "The papers cover quarter 3 only.",
      answered: false,
      mode: "llm",
      citations: [],
      figures: [],
      notes: [],
      suggestions: [],
    };
    expect(blocksOf(answer)[0]?.text?.text).toBe("*Not in the papers.* The papers cover quarter 3 only.");
    expect(answerText(answer)).toBe("Not in the papers. The papers cover quarter 3 only.");
  });

  it("respects every Slack limit, whatever the engine returns", () => {
    const huge = `${PARA7.text} `.repeat(60); // ~22,000 characters
    const manyCitations = Array.from({ length: 80 }, (_, i) => ({
      ...EXEMPT10,
      id: `unit-${i}`,
      title: `${"Very long report title ".repeat(20)}${i}`,
      text: `${"£16.0m & <more> ".repeat(400)}`,
    }));
    const answer = {
      ...answered(
        manyCitations,
        `${"A&E <x> ".repeat(2000)} 82.6% ${huge}`,
        ["82.6%"],
        Array(30).fill("n ".repeat(900)),
      ),
      question: "Q ".repeat(3000),
    };
    const msg = answerMessage(answer);
    const blocks = msg.blocks as AnyBlock[];
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
    expect(blocks.at(-1)?.block_id).toBe("feedback");
    for (const t of allTexts(blocks)) expect(t.length).toBeLessThanOrEqual(3000);
    for (const v of allValues(blocks)) expect(v.length).toBeLessThanOrEqual(LIMITS.buttonValue);
    for (const b of blocks) if (b.type === "context") expect(b.elements?.length).toBeLessThanOrEqual(10);
    expect(msg.text.length).toBeLessThanOrEqual(LIMITS.messageText);
    expect(blocks[0]?.text?.text.endsWith("…")).toBe(true);
    // Shortening never leaves half an entity such as "&am".
    expect(blocks[0]?.text?.text).not.toMatch(/&(?!amp;|lt;|gt;)/);
    expect(decodeFeedbackValue(allValues(blocks).at(-1) ?? "")?.truncated).toBe(true);
    const quote = decodeQuoteValue(allValues(blocks)[0] ?? "");
    expect(quote?.cut).toBe(true);
  });

  it("keeps a 40,000-character answer's fallback text within Slack's limit", () => {
    const answer = answered([PARA7], "& ".repeat(30_000), []);
    expect(answerText(answer).length).toBeLessThanOrEqual(LIMITS.messageText);
  });
});

describe("quote button value and modal", () => {
  it("round-trips a citation", () => {
    const ref = decodeQuoteValue(encodeQuoteValue(CIP11));
    expect(ref).toEqual({
      id: CIP11.id,
      collection: "public",
      source: CIP11.source,
      title: CIP11.title,
      date: "2024-03-05",
      paragraph: "11",
      page: null,
      text: CIP11.text,
      cut: false,
    });
  });

  it("rejects a value that is not ours", () => {
    expect(decodeQuoteValue("not json")).toBeNull();
    expect(decodeQuoteValue(JSON.stringify({ id: "x" }))).toBeNull();
  });

  it("shows the paragraph as plain text (no mrkdwn parsing) under its citation", () => {
    const ref = decodeQuoteValue(encodeQuoteValue({ ...DA25, text: `${DA25.text} *not bold* <@U1>` }));
    if (!ref) throw new Error("value did not decode");
    const view = quoteModal(ref);
    expect(view.title.text.length).toBeLessThanOrEqual(LIMITS.modalTitle);
    const body = view.blocks[1] as AnyBlock;
    expect(body.text).toEqual({ type: "plain_text", text: `${DA25.text} *not bold* <@U1>` });
    expect(JSON.stringify(view.blocks[0])).toContain(
      "*Children and Family Services Department* · 5 March 2024 · para 25",
    );
  });

  it("says when a long paragraph was shortened", () => {
    const ref = decodeQuoteValue(encodeQuoteValue({ ...CIP11, text: CIP11.text.repeat(8) }));
    if (!ref) throw new Error("value did not decode");
    expect(ref.cut).toBe(true);
    expect(JSON.stringify(quoteModal(ref))).toContain("Shortened to fit Slack");
  });
});

describe("sources and Home", () => {
  const papers: PaperInfo[] = [
    {
      title: "Departmental Plan 2020-2023",
      source: "004_288bc0e4485ed917.txt",
      meetingDate: null,
      collection: "public",
    },
    {
      title: "Defining Children and Family Services for the Future",
      source: "002_b5cb0ac0ef79e454.txt",
      meetingDate: "2021-11-02",
      collection: "public",
    },
    {
      title: "Quarter 3 2023/24 Performance Report",
      source: "001_bc9149fb7ac2f9bb.txt",
      meetingDate: "2024-03-05",
      collection: "public",
    },
  ];

  it("lists papers newest first, undated last", () => {
    const text = JSON.stringify(sourcesMessage(papers).blocks);
    const order = ["Quarter 3 2023/24", "Defining Children", "Departmental Plan"].map((t) => text.indexOf(t));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(sourcesMessage(papers).text).toBe("3 papers indexed for this channel.");
  });

  it("says so when nothing is visible", () => {
    expect(JSON.stringify(sourcesMessage([]).blocks)).toContain(
      "No papers are indexed that this conversation can see.",
    );
  });

  it("stays within block and text limits for hundreds of papers", () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({
      title: `Report ${i} ${"of the Director of Children and Family Services ".repeat(3)}`,
      source: `paper-${i}.pdf`,
      meetingDate: "2024-03-05",
      collection: "public",
    }));
    const msg = sourcesMessage(many);
    const blocks = msg.blocks as AnyBlock[];
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
    for (const t of allTexts(blocks)) expect(t.length).toBeLessThanOrEqual(3000);
    expect(JSON.stringify(blocks.at(-1))).toMatch(/and \d+ more/);
    const home = homeView(many);
    expect(home.blocks.length).toBeLessThanOrEqual(LIMITS.viewBlocks);
  });
});

describe("draftMessage", () => {
  it("numbers each drafted question with why, its citations and when it was asked before", () => {
    const msg = draftMessage({
      topic: "residential placements",
      report: { title: "Children's Innovation Partnership", meetingDate: "2024-03-05" },
      questions: [
        {
          question: "What is driving the 21% increase in the average weekly cost per residential placement?",
          why: "The report gives the rise (£4.8k to £5.8k) but not its causes.",
          citations: [CIP11],
          previously_asked: [
            {
              date: "2020-03-03",
              minute: "74(ii)",
              text: "Members asked about placement costs; officers said a review was under way.",
              citation: DA25,
            },
          ],
        },
      ],
      notes: [],
    });
    const text = JSON.stringify(msg.blocks);
    expect(text).toContain(
      "*Draft questions on:* residential placements (from *Children's Innovation Partnership*, 5 March 2024)",
    );
    expect(text).toContain("*1.* What is driving the 21% increase");
    expect(text).toContain("*Children's Innovation Partnership* · 5 March 2024 · para 11");
    expect(text).toContain("Asked before (3 March 2020, minute 74(ii)): Members asked about placement costs");
    expect(msg.text).toBe(
      "1. What is driving the 21% increase in the average weekly cost per residential placement?",
    );
  });

  it("says when nothing could be drafted", () => {
    const msg = draftMessage({
      topic: "space travel",
      report: null,
      questions: [],
      notes: ["No report matched the topic."],
    });
    expect(JSON.stringify(msg.blocks)).toContain(
      "No questions could be drafted from the papers on this topic.",
    );
    expect(JSON.stringify(msg.blocks)).toContain("No report matched the topic.");
  });
});
