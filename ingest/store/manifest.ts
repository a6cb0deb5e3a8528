import { z } from "zod";
import type { EmbeddingInfo } from "../embeddings/index.js";
import { IndexIncompatibleError } from "./errors.js";
import { INDEX_FORMAT_VERSION, type IndexContents, type Manifest, ManifestSchema } from "./types.js";

export function buildManifest(contents: IndexContents, embedding: EmbeddingInfo, createdAt: Date): Manifest {
  return {
    formatVersion: INDEX_FORMAT_VERSION,
    chunkerVersion: contents.chunkerVersion,
    createdAt: createdAt.toISOString(),
    embedding,
    files: contents.files,
    counts: {
      files: contents.files.length,
      documents: contents.documents.length,
      units: contents.units.length,
      figures: contents.units.reduce((n, u) => n + u.figures.length, 0),
      glossary: contents.glossary.length,
    },
  };
}

/**
 * Reads a manifest and checks it was written by code this build can read. The format version is checked
 * before the full schema: a future format may have reshaped everything else.
 */
export function parseManifest(
  dir: string,
  json: string,
  expectedChunkerVersion: string | undefined,
): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new IndexIncompatibleError(dir, "manifest.json is not valid JSON", { cause: e });
  }
  const version = z.looseObject({ formatVersion: z.number() }).safeParse(raw);
  if (!version.success) throw new IndexIncompatibleError(dir, "manifest.json has no formatVersion");
  if (version.data.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new IndexIncompatibleError(
      dir,
      `it is in index format ${version.data.formatVersion} and this version reads format ${INDEX_FORMAT_VERSION}`,
    );
  }
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new IndexIncompatibleError(dir, `manifest.json is invalid: ${z.prettifyError(parsed.error)}`);
  }
  const manifest = parsed.data;
  if (expectedChunkerVersion !== undefined && manifest.chunkerVersion !== expectedChunkerVersion) {
    throw new IndexIncompatibleError(
      dir,
      `its paragraphs were cut by chunker ${manifest.chunkerVersion} and this version cuts them as ${expectedChunkerVersion}`,
    );
  }
  return manifest;
}
