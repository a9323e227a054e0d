/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // The Adaptive Cards parser needs jsdom's window/document as globals (test/support/cardValidation.ts).
  testEnvironmentOptions: { globalsCleanup: 'off' },
  // Journeys through the real entry points in test/; specs of pure code beside it in src/ (*.spec.ts).
  roots: ['<rootDir>/test', '<rootDir>/src'],
  testMatch: ['**/*.test.ts', '**/*.spec.ts'],
  // Browser tests need Debian's Chromium: without it, one clear line before any test runs.
  globalSetup: '<rootDir>/test/support/requireChromium.ts',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Type errors are caught once by `tsc` in `npm test`; here we only transpile.
  maxWorkers: 2,
  testTimeout: 30000,
};
