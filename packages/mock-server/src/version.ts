/** The version of `@rex/mock-server`, as in its package.json (a test keeps the two equal). */
export const VERSION = '0.1.0';
