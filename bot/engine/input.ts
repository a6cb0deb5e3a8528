/** Screening of the raw question before any retrieval: empty, overlong, instruction-like or meaningless input. */

export const MAX_QUESTION_CHARS = 500;

export type Screened =
  | { ok: true; question: string; notes: string[] }
  | { ok: false; question: string; reason: "empty" | "injection"; message: string; notes: string[] };

const INJECTION: RegExp[] = [
  /\b(ignore|disregard|forget|override|bypass)\b[^.?!]{0,40}\b(instructions?|prompts?|rules|guidelines|context|system)\b/i,
  /\b(system|developer|hidden)\s+(prompt|message|instructions?)\b/i,
  /\byou\s+are\s+now\b/i,
  /\b(act|behave|respond)\s+as\s+(if\s+you\s+were\s+|an?\s+)?(unrestricted|jailbroken|dan|different|evil|admin)/i,
  /\bjailbreak|\bdeveloper\s+mode\b/i,
  /\bpretend\s+(to\s+be|you\s+are)\b/i,
  /\b(reveal|print|show|tell\s+me|repeat|leak)\b[^.?!]{0,30}\b(api[\s_-]?key|token|secret|password|credentials?|your\s+(instructions|prompt|rules))\b/i,
  /<\/?\s*(system|context|passage|question)\s*>/i,
];

/** Trims, caps the length and refuses input that is empty or tries to instruct the assistant. */
export function screenQuestion(raw: string): Screened {
  const notes: string[] = [];
  let question = raw.replace(/\s+/g, " ").trim();
  if (question.length > MAX_QUESTION_CHARS) {
    const cut = question.slice(0, MAX_QUESTION_CHARS);
    const lastSpace = cut.lastIndexOf(" ");
    question = (lastSpace > MAX_QUESTION_CHARS * 0.8 ? cut.slice(0, lastSpace) : cut).trim();
    notes.push(
      `Your question was longer than ${MAX_QUESTION_CHARS} characters, so only its first ${question.length} characters were used.`,
    );
  }
  if (question.replace(/[^\p{L}\p{N}]/gu, "") === "") {
    return {
      ok: false,
      question,
      reason: "empty",
      message:
        "Please ask a question about the committee papers, for example: What percentage of child protection cases were reviewed on time at the end of Q3 2023/24?",
      notes,
    };
  }
  if (INJECTION.some((re) => re.test(question))) {
    notes.push("The question contained instructions to the assistant; they were not followed.");
    return {
      ok: false,
      question,
      reason: "injection",
      message:
        "I can only answer questions about what the committee papers say. Please ask about a figure, a decision or a report in the papers.",
      notes,
    };
  }
  return { ok: true, question, notes };
}

/**
 * True when no word of the question is known to the papers, the glossary or plain English function words:
 * "asdkjh" or keyboard mash. `known` answers for a lowercased word.
 */
export function looksMeaningless(question: string, known: (word: string) => boolean): boolean {
  const words = question.toLowerCase().match(/\p{L}[\p{L}'-]*/gu) ?? [];
  const numbers = question.match(/\d/g) ?? [];
  if (words.length === 0) return numbers.length === 0;
  return !words.some((w) => known(w));
}
