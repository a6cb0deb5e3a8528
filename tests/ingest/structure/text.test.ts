import { describe, expect, it } from "vitest";
import { cleanLine } from "../../../ingest/structure/markup.js";
import { isAllCaps } from "../../../ingest/structure/text.js";

describe("cleanLine", () => {
  const cases: Array<[raw: string, text: string, offsets: number[]]> = [
    // Markdown emphasis, underline tags, a no-break space, an em space and tabs (demo corpus 000/004 forms).
    [
      "  **7.** The\u00a0percentage\u2003rose\t\tto <u>82.6%</u>  ",
      "7. The percentage rose to 82.6%",
      [
        14, 15, 19, 19, 20, 21, 23, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 34, 34, 35, 36, 37, 40, 40, 41,
        46, 46, 47, 48, 49, 50,
      ],
    ],
    // A Word Symbol-font bullet and an autolink whose angle brackets go.
    [
      "\uF0B7 Early Help <https://www.leics.gov.uk/a>",
      "• Early Help https://www.leics.gov.uk/a",
      [10, 12, 12, 13, 14, 15, 16, 18, 18, 19, 20, 21, 24, ...Array.from({ length: 26 }, (_, i) => 24 + i)],
    ],
    // A lone "*" and "<" are text, not markup.
    ["x*y < z", "x*y < z", [10, 11, 12, 14, 14, 16, 16]],
    ["", "", []],
    [" \t ", "", []],
  ];
  it.each(cases)("%j", (raw, text, offsets) => {
    const clean = cleanLine(raw, 10);
    expect(clean.text).toBe(text);
    expect(clean.offsets).toEqual(offsets);
  });
});

describe("isAllCaps", () => {
  const cases: Array<[string, boolean]> = [
    ["QUARTER 3 2023/24 PERFORMANCE REPORT", true],
    ["2020/23", true],
    ["ÉCOLE ÉTÉ", true],
    ["École été", false],
    ["CHILDREN’S SERVICES – Ofsted", false],
    ["Annex A: SEND", false],
    // 9 of 10 letters upper case is still a heading in capitals.
    ["ABCDEFGHIj", true],
    ["ABCDEFGHij", false],
  ];
  it.each(cases)("%s", (text, expected) => {
    expect(isAllCaps(text)).toBe(expected);
  });
});
