import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody, sendJson } from "./http.js";

/**
 * A small OpenAI-compatible server on 127.0.0.1 for tests: real HTTP, so the real ChatOpenAI and
 * OpenAIEmbeddings clients are exercised. Routes: POST /v1/chat/completions, POST /v1/embeddings.
 */

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
}

export type ChatResponder = (
  body: Record<string, unknown>,
) =>
  | { kind: "content"; content: string }
  | { kind: "tool"; name: string; arguments: string }
  | { kind: "status"; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: "hang" };

export interface FakeOpenAI {
  baseURL: string;
  requests: RecordedRequest[];
  setChat(responder: ChatResponder): void;
  /** Vector for one input text; the default hashes characters into 8 dims. */
  setEmbed(embed: (text: string) => number[]): void;
  close(): Promise<void>;
}

function defaultEmbed(text: string): number[] {
  const v = new Array<number>(8).fill(0);
  for (let i = 0; i < text.length; i++) v[i % 8] = (v[i % 8] ?? 0) + text.charCodeAt(i) / 1000;
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

function toBase64(vec: number[]): string {
  return Buffer.from(new Float32Array(vec).buffer).toString("base64");
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = await readBody(req);
  return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  let chat: ChatResponder = () => ({ kind: "content", content: "ok" });
  let embed = defaultEmbed;
  const hanging = new Set<ServerResponse>();

  const server: Server = createServer(async (req, res) => {
    const body = await readJson(req);
    const path = req.url ?? "";
    requests.push({ path, headers: req.headers, body });
    if (path.endsWith("/embeddings")) {
      const input = body.input;
      const texts = Array.isArray(input) ? (input as unknown[]).map(String) : [String(input)];
      const asBase64 = body.encoding_format === "base64";
      sendJson(res, 200, {
        object: "list",
        model: body.model,
        data: texts.map((t, index) => ({
          object: "embedding",
          index,
          embedding: asBase64 ? toBase64(embed(t)) : embed(t),
        })),
        usage: { prompt_tokens: 1, total_tokens: 1 },
      });
      return;
    }
    if (path.endsWith("/chat/completions")) {
      const r = chat(body);
      if (r.kind === "hang") {
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
        return;
      }
      if (r.kind === "status") {
        sendJson(res, r.status, r.body ?? { error: { message: "fake error" } }, r.headers);
        return;
      }
      const message =
        r.kind === "content"
          ? { role: "assistant", content: r.content }
          : {
              role: "assistant",
              content: null,
              tool_calls: [
                { id: "call_1", type: "function", function: { name: r.name, arguments: r.arguments } },
              ],
            };
      sendJson(res, 200, {
        id: "chatcmpl-fake",
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message, finish_reason: r.kind === "tool" ? "tool_calls" : "stop" }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      });
      return;
    }
    sendJson(res, 404, { error: { message: `no route ${path}` } });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    setChat(responder) {
      chat = responder;
    },
    setEmbed(fn) {
      embed = fn;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
