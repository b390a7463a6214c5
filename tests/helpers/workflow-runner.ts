// Runs GitHub Actions workflow files the way a runner would, as far as their shell steps go: each job in a
// fresh shallow clone of a (local, bare) remote, each `run:` step with bash -eo pipefail, `${{ … }}` filled
// in from the matrix, secrets and variables, `if: always()` honoured. Known actions are modelled (checkout =
// the clone; setup-node and cache = nothing to do); any other `uses:` or expression fails the test.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

export interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

export interface Job {
  'runs-on': string;
  env?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown[]>; 'fail-fast'?: boolean };
  concurrency?: string | { group: string; 'cancel-in-progress'?: boolean };
  steps: Step[];
}

export interface Workflow {
  name: string;
  on: unknown;
  concurrency?: string | { group: string; 'cancel-in-progress'?: boolean };
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

export async function readWorkflow(file: string): Promise<Workflow> {
  return parse(await readFile(file, 'utf8')) as Workflow;
}

/** The concurrency group of a workflow run (workflow level), as written. */
export function groupOf(value: Workflow['concurrency'] | Job['concurrency']): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.group;
}

export interface RunContext {
  secrets: Record<string, string>;
  vars: Record<string, string>;
  /** The bare remote the job clones and pushes to. */
  remote: string;
  /** The project whose node_modules `npm ci` stands for (installed once from the packed tarball). */
  installed: string;
  /** Extra environment (PATH with a scaled `sleep`, …). */
  env: Record<string, string>;
  /** Bound for each step. */
  stepTimeoutMs: number;
}

export interface StepResult {
  name: string;
  code: number;
  output: string;
  skipped: boolean;
}

export interface JobResult {
  job: string;
  matrix: Record<string, unknown>;
  ok: boolean;
  steps: StepResult[];
  dir: string;
}

/** Fill `${{ … }}` with what the test models; anything else is an error (the model must not guess). */
export function expand(
  text: string,
  context: {
    matrix: Record<string, unknown>;
    jobTotal: number;
    secrets: Record<string, string>;
    vars: Record<string, string>;
  },
): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expression: string) => {
    let match: RegExpExecArray | null;
    if ((match = /^matrix\.([\w-]+)$/.exec(expression))) return String(context.matrix[match[1]!]);
    if (expression === 'strategy.job-total') return String(context.jobTotal);
    if ((match = /^secrets\.(\w+)$/.exec(expression))) return context.secrets[match[1]!] ?? '';
    if ((match = /^vars\.(\w+)$/.exec(expression))) return context.vars[match[1]!] ?? '';
    if (expression === 'toJSON(secrets)')
      return JSON.stringify({ github_token: 'ghs_not-a-chorus-secret', ...context.secrets });
    if (expression === 'github.ref') return 'refs/heads/main';
    if (expression === 'github.sha') return 'sha';
    if (/^hashFiles\(.*\)$/.test(expression)) return 'hash';
    throw new Error(`The workflow runner does not model the expression \${{ ${expression} }}`);
  });
}

function sh(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output });
    });
  });
}

/** Run one job (one matrix combination) of a workflow in a fresh clone. */
export async function runJob(
  workflow: Workflow,
  jobId: string,
  matrix: Record<string, unknown>,
  jobTotal: number,
  context: RunContext,
): Promise<JobResult> {
  const job = workflow.jobs[jobId]!;
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'chorus-runner-')), 'work');
  const runnerTemp = await mkdtemp(path.join(tmpdir(), 'chorus-runner-temp-'));
  const expandContext = { matrix, jobTotal, secrets: context.secrets, vars: context.vars };
  const baseEnv: Record<string, string> = {
    ...context.env,
    HOME: runnerTemp,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REF_NAME: 'main',
    RUNNER_TEMP: runnerTemp,
    NO_COLOR: '1',
  };
  const jobEnv = Object.fromEntries(
    Object.entries(job.env ?? {}).map(([k, v]) => [k, expand(String(v), expandContext)]),
  );
  const steps: StepResult[] = [];
  let failed = false;
  for (const [index, step] of job.steps.entries()) {
    const name = step.name ?? step.run ?? step.uses ?? `step ${index + 1}`;
    const condition = step.if?.trim();
    if (condition !== undefined && condition !== 'always()') {
      throw new Error(`The workflow runner does not model if: ${condition}`);
    }
    if (failed && condition !== 'always()') {
      steps.push({ name, code: 0, output: '', skipped: true });
      continue;
    }
    let result: { code: number; output: string };
    if (step.uses?.startsWith('actions/checkout@')) {
      // actions/checkout: a shallow clone of the branch, with a remote to push to.
      result = await sh(
        'git',
        ['clone', '--quiet', '--depth', '1', '--branch', 'main', `file://${context.remote}`, dir],
        {
          cwd: path.dirname(dir),
          env: baseEnv,
          timeoutMs: context.stepTimeoutMs,
        },
      );
    } else if (step.uses?.startsWith('actions/setup-node@') || step.uses?.startsWith('actions/cache@')) {
      result = { code: 0, output: '' }; // Node is installed; the cache starts empty (a cold run).
    } else if (step.uses !== undefined) {
      throw new Error(`The workflow runner does not model uses: ${step.uses}`);
    } else if (step.run?.trim() === 'npm ci') {
      // No registry here: the lockfile install stands for the packed tarball installed once per test file.
      await symlink(path.join(context.installed, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
      result = { code: 0, output: '' };
    } else {
      const env = { ...baseEnv, ...jobEnv };
      for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expand(String(v), expandContext);
      result = await sh(
        'bash',
        ['--noprofile', '--norc', '-eo', 'pipefail', '-c', expand(step.run!, expandContext)],
        {
          cwd: dir,
          env,
          timeoutMs: context.stepTimeoutMs,
        },
      );
    }
    steps.push({ name, code: result.code, output: result.output, skipped: false });
    if (result.code !== 0) failed = true;
  }
  return { job: jobId, matrix, ok: !failed, steps, dir };
}

/** Run every job of a workflow run; matrix jobs (and jobs without `needs`) run in parallel. */
export async function runWorkflow(workflow: Workflow, context: RunContext): Promise<JobResult[]> {
  const runs: Promise<JobResult>[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    const matrix = job.strategy?.matrix ?? {};
    const keys = Object.keys(matrix);
    let combinations: Record<string, unknown>[] = [{}];
    for (const key of keys) {
      combinations = combinations.flatMap((c) => matrix[key]!.map((value) => ({ ...c, [key]: value })));
    }
    for (const combination of combinations)
      runs.push(runJob(workflow, jobId, combination, combinations.length, context));
  }
  return Promise.all(runs);
}

/**
 * GitHub's `concurrency:` modelled: runs of the same group run one after another in the order given; runs
 * of different groups (or none) run at the same time. Returns each run's job results, in the order given.
 */
export async function runQueued(
  queue: { workflow: Workflow; context: RunContext }[],
): Promise<JobResult[][]> {
  const tails = new Map<string, Promise<unknown>>();
  return Promise.all(
    queue.map(({ workflow, context }) => {
      const group = groupOf(workflow.concurrency);
      const previous = group !== undefined ? (tails.get(group) ?? Promise.resolve()) : Promise.resolve();
      const run = previous.then(() => runWorkflow(workflow, context));
      if (group !== undefined)
        tails.set(
          group,
          run.catch(() => undefined),
        );
      return run;
    }),
  );
}
