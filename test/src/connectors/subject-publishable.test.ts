// The publish-path subject check (one regular expression, no message built) agrees with
// publishSubjectProblem on any string; a key put in a subject through subjectToken is always
// exactly one token that a `*` subscription matches on a MemoryBus and parses back.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MemoryBus, parseSubjectToken, subjectToken } from "streamine";
import { isPublishableSubject, publishSubjectProblem } from "../../../src/connectors/nats/subject.js";

// Strings made mostly of the characters that matter to subjects, and any others.
const subjectish = fc.string({
  unit: fc.oneof(fc.constantFrom(".", "*", ">", " ", "\t", "\n", "\u00a0", "\u2028", "\ufeff", "\u3000", "\u0085", "a", "b", "%"), fc.string({ unit: "binary", minLength: 1, maxLength: 1 })),
  maxLength: 12,
});

describe("isPublishableSubject", () => {
  it("holds exactly when publishSubjectProblem finds nothing", () => {
    fc.assert(
      fc.property(subjectish, (s) => {
        expect(isPublishableSubject(s)).toBe(publishSubjectProblem(s) === null);
      }),
      { numRuns: 5_000 },
    );
    for (const s of ["a", "a.b", "a%2E.b", "ü.\u0085"]) expect(isPublishableSubject(s)).toBe(true);
    for (const s of ["", ".", "a.", ".a", "a..b", "a.*", "a.>", "a b", "a\u2028b", 3]) expect(isPublishableSubject(s)).toBe(false);
  });
});

describe("subjectToken", () => {
  it("any key is exactly one token, delivered to a `*` subscriber on a MemoryBus, and parses back to the key", async () => {
    const bus = new MemoryBus();
    const got: string[] = [];
    bus.subscribe("predictions.m.*", (m) => got.push(m.subject));
    await fc.assert(
      fc.asyncProperty(fc.oneof(subjectish, fc.string({ unit: "binary", maxLength: 20 })), async (key) => {
        got.length = 0;
        const token = subjectToken(key);
        expect(token.length).toBeGreaterThan(0);
        expect(token.split(".")).toEqual([token]);
        expect(isPublishableSubject(token)).toBe(true);
        bus.publish(`predictions.m.${token}`, "");
        await bus.flush();
        expect(got).toEqual([`predictions.m.${token}`]);
        expect(parseSubjectToken(token)).toBe(key);
      }),
      { numRuns: 2_000 },
    );
  });
});
