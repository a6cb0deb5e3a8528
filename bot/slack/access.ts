import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

/**
 * Which collections of papers each Slack conversation may see. Papers carry a collection from
 * `ingest --collection`; exempt (confidential) reports live in their own collection and are shown
 * only where the policy names it.
 */

const CollectionList = z.array(z.string().trim().min(1)).min(1);

export const AccessPolicySchema = z
  .object({
    /** Any channel not listed under `channels`. */
    default: CollectionList.default(["public"]),
    /** Direct messages, the assistant panel and the App Home; defaults to `default`. */
    dm: CollectionList.optional(),
    /** Channel id -> collections, e.g. C0EXEMPT: [public, exempt]. */
    channels: z
      .record(
        z.string().regex(/^[CGD][A-Z0-9]+$/, "must be a Slack channel id such as C0123ABC"),
        CollectionList,
      )
      .default({}),
  })
  .strict();
export type AccessPolicy = z.infer<typeof AccessPolicySchema>;

export const DEFAULT_ACCESS_POLICY: AccessPolicy = { default: ["public"], channels: {} };

export class AccessPolicyError extends Error {
  override readonly name = "AccessPolicyError";
}

/** Where a request came from. No channel means the App Home, which belongs to the user alone. */
export interface Where {
  channel: string | undefined;
  channelType?: string | undefined;
}

export function parseAccessPolicy(text: string, file: string): AccessPolicy {
  let raw: unknown;
  try {
    // YAML is a superset of JSON, so one parser reads both.
    raw = parseYaml(text);
  } catch (cause) {
    throw new AccessPolicyError(`access policy "${file}": not valid YAML or JSON`, { cause });
  }
  const parsed = AccessPolicySchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new AccessPolicyError(`access policy "${file}": ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

export async function loadAccessPolicy(file: string | undefined): Promise<AccessPolicy> {
  if (file === undefined) return DEFAULT_ACCESS_POLICY;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new AccessPolicyError(`access policy "${file}": cannot be read`, { cause });
  }
  return parseAccessPolicy(text, file);
}

function isPrivateToUser(where: Where): boolean {
  if (where.channel === undefined) return true;
  if (where.channelType !== undefined) return where.channelType === "im";
  // Slash commands and button clicks carry no channel type; DM channel ids start with D.
  return where.channel.startsWith("D");
}

export function collectionsFor(policy: AccessPolicy, where: Where): string[] {
  const listed = where.channel === undefined ? undefined : policy.channels[where.channel];
  if (listed) return [...listed];
  if (isPrivateToUser(where)) return [...(policy.dm ?? policy.default)];
  return [...policy.default];
}

export function canSee(policy: AccessPolicy, where: Where, collection: string): boolean {
  return collectionsFor(policy, where).includes(collection);
}
