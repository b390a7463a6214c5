// dependency-cruiser rules for `npm run check`: the pipeline's imports flow one way (docs/architecture.md).
// Violations that exist today are listed, one by one, in .dependency-cruiser-known-violations.json
// (issue 13's to-do list); `depcruise --ignore-known` fails on any violation that is not listed there.

/**
 * The pipeline's stages, earliest first (`rank`; `publish` and `show` are alternatives at the same rank). A
 * module may import its own stage and earlier ones, never a later one. `path` is a regular expression on
 * paths relative to the repository root; `core` marks the pure stages.
 */
const stages = [
  { name: 'errors', rank: 0, path: '^src/errors\\.ts$', why: 'the error classes every stage throws' },
  { name: 'read', rank: 1, path: '^src/workspace/', why: 'directory → raw YAML documents' },
  {
    name: 'platforms',
    rank: 1.5,
    path: '^src/platforms/',
    why: 'the networks: pure text rules for validate, render and lint; clients loaded lazily by publish',
  },
  { name: 'validate', rank: 2, core: true, path: '^src/model/', why: 'raw documents → accounts and posts' },
  {
    name: 'schedule',
    rank: 3,
    core: true,
    path: '^src/schedule/',
    why: 'posts, slots, ledger, now → timeline',
  },
  { name: 'render', rank: 4, core: true, path: '^src/tracking/', why: 'timeline → final text and links' },
  { name: 'check', rank: 5, core: true, path: '^src/(lint|rules)/', why: 'timeline → problems' },
  {
    name: 'pipeline',
    rank: 6,
    core: true,
    path: '^src/pipeline/',
    why: 'the one analysis: validate → settings → schedule → render → check',
  },
  { name: 'report', rank: 7, core: true, path: '^src/(report|import)/', why: 'scorecard; feed → new posts' },
  {
    name: 'state',
    rank: 8,
    path: '^src/state/',
    why: 'ledgers, metrics snapshots, locks: read by the commands, written by publish and metrics',
  },
  { name: 'publish', rank: 9, path: '^src/(publish|metrics)/', why: 'network calls (X)' },
  { name: 'show', rank: 9, core: true, path: '^src/format/', why: 'results → text' },
  { name: 'commands', rank: 10, path: '^src/cli/', why: 'argv → options → stages → exit code' },
];

/** The pure core: no file system, network, environment or clock (docs/architecture.md, GUIDE.md). */
const core = stages
  .filter((stage) => stage.core)
  .map((stage) => stage.path)
  .join('|');
/** What the core must never import: the commands, state (ledgers, snapshots, locks), publish and the X metrics client. */
const effects = '^src/(cli|publish|state)/|^src/metrics/fetch\\.ts$';
/** Node built-ins that reach the file system, the network or other processes. */
const ioBuiltins =
  '^(fs|fs/promises|net|http|https|http2|tls|dgram|dns|dns/promises|child_process|worker_threads|readline)$';

/** One rule per stage: no import of a later stage. A core stage's imports of effects are core-imports-no-effects'. */
const stageOrder = stages
  .filter((stage) => stages.some((other) => other.rank > stage.rank))
  .map((stage) => {
    const later = stages.filter((other) => other.rank > stage.rank);
    return {
      name: `${stage.name}-imports-no-later-stage`,
      comment:
        `${stage.name} (${stage.why}) comes before ${later.map((other) => other.name).join(', ')}: ` +
        'data flows one way, so it must not import them.',
      severity: 'error',
      from: { path: stage.path },
      to: { path: later.map((other) => other.path).join('|'), ...(stage.core ? { pathNot: effects } : {}) },
    };
  });

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    ...stageOrder,
    {
      name: 'core-imports-no-effects',
      comment:
        'The core (model, schedule, tracking, lint, rules, pipeline, format, report, import) is pure: it never imports ' +
        'the commands, state (ledgers, metrics snapshots, locks), publish or the X metrics client. Pass data in instead.',
      severity: 'error',
      from: { path: core },
      to: { path: effects },
    },
    {
      name: 'core-does-no-io',
      comment:
        'The core never touches the file system, the network or other processes: no such Node built-in.',
      severity: 'error',
      from: { path: core },
      to: { dependencyTypes: ['core'], path: ioBuiltins },
    },
    {
      name: 'every-module-has-a-stage',
      comment:
        'A new folder of src/ (src/platforms/ in issue 13) gets a place in `stages` ' +
        'above, so the direction covers it.',
      severity: 'error',
      from: { path: '^src/', pathNot: `${stages.map((stage) => stage.path).join('|')}|^src/testing/` },
      to: {},
    },
    {
      name: 'no-circular',
      comment:
        'No import cycles (type-only imports included): a cycle means two modules are one in disguise.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'src-imports-no-tests',
      comment: 'Shipped code never imports the test suite.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^tests/' },
    },
    {
      name: 'stand-ins-only-for-tests-and-sandbox',
      comment:
        "A network's local stand-in (src/platforms/<network>/stand-in.ts, what they share in " +
        'src/platforms/stand-in-kit.ts, src/testing/) is imported only by ' +
        "tests and by that network's sandbox module, which `chorus sandbox` loads lazily.",
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/testing/|^src/platforms/[^/]+/(sandbox|stand-in)\\.ts$' },
      to: { path: '^src/testing/|^src/platforms/[^/]+/stand-in\\.ts$|^src/platforms/stand-in-kit\\.ts$' },
    },
    {
      name: 'a-network-is-a-folder',
      comment:
        'Everything that knows a network lives in its folder, src/platforms/<network>/: the rest of Chorus ' +
        'reaches it only through the Platform interface (src/platforms/types.ts) and the registry ' +
        "(src/platforms/index.ts imports each network folder's index.ts).",
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/platforms/' },
      to: { path: '^src/platforms/[^/]+/' },
    },
    {
      name: 'networks-do-not-know-each-other',
      comment:
        "A network's folder imports its own modules and the shared ones of src/platforms/, never another " +
        "network's folder; only the registry (src/platforms/index.ts) imports each network.",
      severity: 'error',
      from: { path: '^src/platforms/([^/]+)/' },
      to: { path: '^src/platforms/[^/]+/', pathNot: '^src/platforms/$1/' },
    },
    {
      name: 'network-libraries-stay-in-their-folder',
      comment:
        "A network's own library (twitter-api-v2, twitter-text, @atproto/api, masto) is imported only in " +
        'its folder under src/platforms/.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/platforms/[^/]+/' },
      to: { path: 'node_modules/(twitter-api-v2|twitter-text|@atproto|masto)/' },
    },
    {
      name: 'one-timeline-builder',
      comment:
        "Building the timeline (validate → schedule → render: src/schedule/build.ts) is the pipeline's job, " +
        'done in one place (src/pipeline/analyse.ts). Stages and commands receive the result instead.',
      severity: 'error',
      from: { pathNot: '^src/pipeline/' },
      to: { path: '^src/schedule/build\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-commands-run-the-pipeline',
      comment:
        'The pipeline (src/pipeline/) is run by the commands only; a stage that runs it hides a second pipeline. ' +
        'A stage may import its result type, and receive the pipeline as a function (as import/plan.ts does).',
      severity: 'error',
      from: { pathNot: '^src/(cli|pipeline)/' },
      to: { path: '^src/pipeline/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-dev-dependency-in-src',
      comment:
        'Shipped code imports only runtime dependencies: a devDependency is missing when users install it.',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev', 'npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a stage that needs a later stage's types is coupled to it all the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
