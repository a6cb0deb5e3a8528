import { describe, expect, it } from "vitest";
import { papersOf } from "../../../bot/slack/papers.js";

describe("papersOf", () => {
  it("lists each document with its file's collection", () => {
    const files = [
      { source: "001_bc9149fb7ac2f9bb.txt", collection: "public" },
      { source: "002_b5cb0ac0ef79e454.txt", collection: "exempt" },
    ].map((f) => ({
      ...f,
      sha256: "x",
      bytes: 1,
      documents: 1,
      units: 1,
      figures: 0,
      ingestedAt: "2024-03-06T00:00:00Z",
    }));
    const doc = (id: string, source: string, title: string, meetingDate: string | null) => ({
      id,
      source,
      kind: "report" as const,
      title,
      committee: "Children and Families Overview and Scrutiny Committee",
      meetingDate,
      author: null,
      agendaItem: null,
      pageStart: null,
      pageEnd: null,
    });
    const papers = papersOf({
      manifest: {
        formatVersion: 1,
        chunkerVersion: "1",
        createdAt: "2024-03-06T00:00:00Z",
        embedding: { kind: "hashed", model: "hashed-1024", dimensions: 1024 },
        files,
        counts: { files: 2, documents: 3, units: 3, figures: 0, glossary: 0 },
      },
      documents: [
        doc("001#0", "001_bc9149fb7ac2f9bb.txt", "Quarter 3 2023/24 Performance Report", "2024-03-05"),
        doc("001#1", "001_bc9149fb7ac2f9bb.txt", "Children's Innovation Partnership", "2024-03-05"),
        doc(
          "002#0",
          "002_b5cb0ac0ef79e454.txt",
          "Defining Children and Family Services for the Future",
          "2021-11-02",
        ),
        doc("009#0", "missing.pdf", "Orphan", null),
      ],
    });
    expect(papers).toEqual([
      {
        title: "Quarter 3 2023/24 Performance Report",
        source: "001_bc9149fb7ac2f9bb.txt",
        meetingDate: "2024-03-05",
        collection: "public",
      },
      {
        title: "Children's Innovation Partnership",
        source: "001_bc9149fb7ac2f9bb.txt",
        meetingDate: "2024-03-05",
        collection: "public",
      },
      {
        title: "Defining Children and Family Services for the Future",
        source: "002_b5cb0ac0ef79e454.txt",
        meetingDate: "2021-11-02",
        collection: "exempt",
      },
      { title: "Orphan", source: "missing.pdf", meetingDate: null, collection: "unknown" },
    ]);
  });
});
