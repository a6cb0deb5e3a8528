import { quietly } from "../../answering.js";
import { SUGGESTED_PROMPTS } from "../../blocks.js";
import type { HandlerContext } from "../../deps.js";

export interface ThreadStartedArgs {
  say: (message: string) => Promise<unknown>;
  setSuggestedPrompts: (params: {
    title?: string;
    prompts: { title: string; message: string }[];
  }) => Promise<unknown>;
}

export const WELCOME =
  "Hi! Ask me about the committee papers. I answer from the papers only, cite the paragraph, and say so when the papers don't cover it.";

/** The assistant panel opened: a greeting and a few real questions to start from. */
export function threadStartedCallback(ctx: HandlerContext) {
  return async ({ say, setSuggestedPrompts }: ThreadStartedArgs): Promise<void> => {
    await quietly(ctx, "assistant greeting", () => say(WELCOME));
    await quietly(ctx, "suggested prompts", () =>
      setSuggestedPrompts({ title: "Try asking", prompts: SUGGESTED_PROMPTS }),
    );
  };
}
