// Subject tokens: whatever a key holds, subjectToken makes it one publishable token, and
// parseSubjectToken gives the key back.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSubjectToken, subjectToken } from "streamine";
import { publishSubjectProblem } from "../../../src/connectors/nats/subject.js";

describe("subject tokens", () => {
  it("any string becomes one token with no '.', '*', '>' or whitespace, and parses back to itself", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (key) => {
        const token = subjectToken(key);
        expect(token).not.toMatch(/[.*>\s]/);
        expect(token.length).toBeGreaterThan(0);
        expect(publishSubjectProblem(`predictions.${token}.score`)).toBeNull();
        expect(parseSubjectToken(token)).toBe(key);
        // what the client sends is UTF-8: the token must survive it unchanged (no lone surrogate)
        expect(new TextDecoder().decode(new TextEncoder().encode(token))).toBe(token);
      }),
      { numRuns: 2_000 },
    );
  });

  it("leaves ordinary keys readable and encodes the rest as UTF-8 bytes", () => {
    expect(subjectToken("sensor-42_a")).toBe("sensor-42_a");
    expect(subjectToken(7)).toBe("7");
    expect(subjectToken("a.b*c>d e\tf%")).toBe("a%2Eb%2Ac%3Ed%20e%09f%25");
    expect(subjectToken("")).toBe("%");
    expect(subjectToken("\u2028")).toBe("%E2%80%A8");
  });

  it("keeps keys with lone surrogates apart on the wire, and gives them back", () => {
    const keys = ["a\uD800", "a\uDFFF", "a\uFFFD", "\uDBFF\uDC00x\uDC00", "\uD83D\uDE00"];
    const tokens = keys.map(subjectToken);
    expect(tokens.slice(0, 3)).toEqual(["a%ED%A0%80", "a%ED%BF%BF", "a\uFFFD"]);
    expect(tokens[4]).toBe("\uD83D\uDE00"); // a pair is one character, left as it is
    const onTheWire = tokens.map((t) => new TextDecoder().decode(new TextEncoder().encode(t)));
    expect(new Set(onTheWire).size).toBe(keys.length);
    expect(onTheWire.map(parseSubjectToken)).toEqual(keys);
  });

  it("names what makes a subject unpublishable", () => {
    expect(publishSubjectProblem("a..b")).toMatch(/empty token/);
    expect(publishSubjectProblem("a.>")).toMatch(/wildcard/);
    expect(publishSubjectProblem("a b")).toMatch(/whitespace/);
    expect(publishSubjectProblem("")).toMatch(/empty/);
    expect(publishSubjectProblem(3)).toMatch(/must be a string/);
  });
});
