// ESLint 9 (flat config): `make js` and the pre-commit hook run it.
// Our own scripts only: static/vendor holds copies of npm packages (`make vendor`), never edited.
// Every app's scripts under static/, except static/vendor/.
import js from "@eslint/js";
import globals from "globals";

export default [
  {
    ignores: [".venv/", "node_modules/", "staticfiles/", "var/", "static/vendor/"],
  },
  js.configs.recommended,
  {
    // The page scripts: plain scripts (no modules, no build step) in one IIFE each, run by
    // current browsers; each hands what others use to `window` (PracticeWeekAutosave).
    files: ["static/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser },
    },
    rules: {
      strict: ["error", "function"], // "use strict" inside each IIFE
      "no-var": "error",
      "prefer-const": "error",
      eqeqeq: ["error", "always"],
      "no-implicit-globals": "error",
    },
  },
  {
    // The unit tests of those scripts: Node's test runner, with jsdom for the page.
    files: ["tests/js/**/*.mjs", "eslint.config.mjs"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.node },
    },
  },
];
