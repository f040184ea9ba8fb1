import type * as z from 'zod/mini';
import type { ApiError } from './common.js';

/** One problem found in a request: the field it is about and what is wrong with it. */
export interface ValidationIssue {
  /** Dotted path of the offending field (`email`, `address.city`); empty for the whole body. */
  param: string;
  /** A sentence that says what is wrong, naming the field. */
  message: string;
}

/** The outcome of {@link validate}: the parsed value, or the issues and a Rex error object. */
export type ValidationResult<T> =
  | { success: true; data: T }
  | { success: false; issues: ValidationIssue[]; error: ApiError & { code: 'validation_error' } };

const show = (value: unknown): string => {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value) ?? value);
  } catch {
    text = typeof value;
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

const typeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isNaN(value) ? 'NaN' : typeof value;

const pathOf = (path: readonly PropertyKey[]): string => path.map(String).join('.');

// zod/mini ships no message locale (loading one would cost a browser bundle ~10 KB), so the
// words live here: one formatter for the SDK's pre-send checks and the mock server's 400s.
function describe(issue: z.core.$ZodIssue): ValidationIssue[] {
  const param = pathOf(issue.path);
  const field = param === '' ? 'The body' : `\`${param}\``;
  // A null where no null is allowed: a required field cleared, or an enum with a default.
  if (issue.input === null && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
    return [{ param, message: `${field} cannot be null` }];
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        param: param === '' ? key : `${param}.${key}`,
        message: `Unknown field \`${param === '' ? key : `${param}.${key}`}\``,
      }));
    case 'invalid_type':
      if (issue.input === undefined) return [{ param, message: `${field} is required` }];
      return [
        {
          param,
          message: `${field} must be ${issue.expected === 'int' ? 'an integer' : `of type ${issue.expected}`}, got ${typeOf(issue.input)}`,
        },
      ];
    case 'invalid_value':
      return [
        {
          param,
          message: `${field} must be one of ${issue.values.map((v) => show(v)).join(', ')}, got ${show(issue.input)}`,
        },
      ];
    // Request schemas express ranges, formats and alternatives as refinements, whose issues
    // arrive as `custom` with a predicate: see the default branch.
    default:
      // Custom checks (normalisation, refinements) carry a predicate: `must be an integer`.
      return [
        {
          param,
          message: `${field} ${issue.message && issue.message !== 'Invalid input' ? issue.message : 'is invalid'}${
            issue.input === undefined ? '' : `, got ${show(issue.input)}`
          }`,
        },
      ];
  }
}

/**
 * Turns zod issues into Rex's words: one {@link ValidationIssue} per problem.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
  return issues.flatMap(describe);
}

/**
 * Builds the `validation_error` object Rex answers a bad request with: the first issue's
 * message and `param`, and every issue under `details.issues`.
 */
export function validationError(issues: readonly ValidationIssue[]): ApiError & { code: 'validation_error' } {
  const [first] = issues;
  return {
    code: 'validation_error',
    message: first?.message ?? 'The request is invalid',
    ...(first?.param ? { param: first.param } : {}),
    ...(issues.length > 1 ? { details: { issues: issues.map((i) => ({ ...i })) } } : {}),
  };
}

/**
 * Parses `input` with a request schema and, when it fails, says why in Rex's terms.
 *
 * Used by the SDK before sending and by the mock server on receipt, so both reject the same
 * input with the same message.
 * @example
 * const result = validate(ContactCreateParams, { email: 'not-an-email' });
 * if (!result.success) console.log(result.error.param); // 'email'
 */
export function validate<S extends z.ZodMiniType>(schema: S, input: unknown): ValidationResult<z.output<S>> {
  const parsed = schema.safeParse(input, { reportInput: true });
  if (parsed.success) return { success: true, data: parsed.data };
  const issues = describeIssues(parsed.error.issues);
  return { success: false, issues, error: validationError(issues) };
}
