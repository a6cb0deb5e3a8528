import { collectionsFor } from "../../access.js";
import { quietly } from "../../answering.js";
import { homeView } from "../../blocks.js";
import type { HandlerContext, SlackClient } from "../../deps.js";

export interface AppHomeOpenedArgs {
  event: { user: string; tab?: string };
  client: SlackClient;
}

/** The Home tab is the user's own, so it lists the papers the policy allows in a DM. */
export function appHomeOpenedCallback(ctx: HandlerContext) {
  return async ({ event, client }: AppHomeOpenedArgs): Promise<void> => {
    if (event.tab !== undefined && event.tab !== "home") return;
    const visible = new Set(collectionsFor(ctx.deps.access, { channel: undefined }));
    const papers = ctx.deps.papers().filter((p) => visible.has(p.collection));
    await quietly(ctx, "publishing the Home tab", () =>
      client.views.publish({ user_id: event.user, view: homeView(papers) }),
    );
  };
}
