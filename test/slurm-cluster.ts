// A one-node SLURM cluster for the tests: munged, slurmctld and slurmd (Debian slurm-wlm and
// munge, installed by .ci/run) on loopback, each with its own key, sockets, pid file, spool and
// log under one temporary directory, run in the foreground as children so each is stopped by pid.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const SLURM_BINARIES = ['munged', 'slurmctld', 'slurmd', 'sbatch', 'scontrol'];

const which = (cmd: string): string | null => {
  for (const dir of ['/usr/sbin', '/usr/bin', '/sbin', '/bin', ...(process.env.PATH ?? '').split(':')]) {
    if (dir && existsSync(join(dir, cmd))) return join(dir, cmd);
  }
  return null;
};

/** The SLURM and munge programs this machine lacks. */
export const missingSlurm = (): string[] => SLURM_BINARIES.filter((b) => !which(b));

/** A free TCP port on loopback. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface Cluster {
  dir: string;
  /** the environment for sbatch, scontrol…: SLURM_CONF names this cluster's slurm.conf */
  env: NodeJS.ProcessEnv;
  run(cmd: string, args: string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv }): string;
  /** a job's (or an array task's, "123_2") state: PENDING, RUNNING, COMPLETED, FAILED… */
  state(job: string): string;
  /** waits until the job leaves PENDING/RUNNING; returns its final state */
  wait(job: string, timeoutMs: number): Promise<string>;
  stop(): Promise<void>;
}

export async function startCluster(dir: string): Promise<Cluster> {
  const node = 'guidelint-test';
  const paths = {
    key: join(dir, 'munge.key'), socket: join(dir, 'munge.socket'), mungePid: join(dir, 'munged.pid'),
    conf: join(dir, 'slurm.conf'), state: join(dir, 'ctld-state'), spool: join(dir, 'd-spool'),
  };
  for (const d of [paths.state, paths.spool]) mkdirSync(d, { recursive: true });
  writeFileSync(paths.key, randomBytes(1024));
  chmodSync(paths.key, 0o600);
  const [ctldPort, dPort] = [await freePort(), await freePort()];
  writeFileSync(paths.conf, `# written by test/slurm-cluster.ts: one node on loopback
ClusterName=guidelint
SlurmctldHost=${hostname()}(127.0.0.1)
SlurmctldPort=${ctldPort}
SlurmdPort=${dPort}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=${paths.socket}
StateSaveLocation=${paths.state}
SlurmdSpoolDir=${paths.spool}
SlurmctldPidFile=${join(dir, 'slurmctld.pid')}
SlurmdPidFile=${join(dir, 'slurmd.pid')}
SlurmctldLogFile=${join(dir, 'slurmctld.log')}
SlurmdLogFile=${join(dir, 'slurmd.log')}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
MailProg=/bin/true
SlurmdParameters=config_overrides
NodeName=${node} NodeHostname=${hostname()} NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=test Nodes=${node} Default=YES MaxTime=INFINITE State=UP
`);
  const env = { ...process.env, SLURM_CONF: paths.conf };
  const children: ChildProcess[] = [];
  const logs: Record<string, string> = {};
  const daemon = (name: string, args: string[]): ChildProcess => {
    const child = spawn(which(name)!, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    logs[name] = '';
    child.stdout!.on('data', (c) => (logs[name] += c));
    child.stderr!.on('data', (c) => (logs[name] += c));
    children.push(child);
    return child;
  };
  const run = (cmd: string, args: string[], o: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string =>
    execFileSync(which(cmd)!, args, { env: { ...env, ...o.env }, cwd: o.cwd ?? dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  const stop = async (): Promise<void> => {
    // slurmd first (it runs the jobs), then the controller, then munge; each by its own pid
    for (const child of [...children].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      if (!(await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]))) {
        child.kill('SIGKILL');
        await exited;
      }
    }
  };

  try {
    daemon('munged', ['--foreground', '--force', `--key-file=${paths.key}`, `--socket=${paths.socket}`, `--pid-file=${paths.mungePid}`,
      `--log-file=${join(dir, 'munged.log')}`, `--seed-file=${join(dir, 'munged.seed')}`]);
    await until(() => existsSync(paths.socket), 10_000, () => `munged did not start: ${logs.munged}`);
    // -i: ignore any saved state; -c: clear it
    daemon('slurmctld', ['-D', '-c', '-i', '-f', paths.conf]);
    await until(() => tryRun(() => run('scontrol', ['ping'])).includes('UP'), 30_000, () => `slurmctld did not start: ${logs.slurmctld} ${readLog(dir, 'slurmctld.log')}`);
    daemon('slurmd', ['-D', '-N', node, '-f', paths.conf]);
    await until(() => /State=(IDLE|MIXED|ALLOCATED)/.test(tryRun(() => run('scontrol', ['show', 'node', node]))), 30_000,
      () => `slurmd did not register: ${logs.slurmd} ${readLog(dir, 'slurmd.log')} ${tryRun(() => run('scontrol', ['show', 'node', node]))}`);
  } catch (e) {
    await stop();
    throw e;
  }

  const state = (job: string): string => /JobState=(\w+)/.exec(tryRun(() => run('scontrol', ['show', 'job', job])))?.[1] ?? 'UNKNOWN';
  return {
    dir,
    env,
    run,
    state,
    async wait(job, timeoutMs) {
      let s = state(job);
      await until(() => !['PENDING', 'RUNNING', 'CONFIGURING', 'COMPLETING', 'UNKNOWN'].includes((s = state(job))), timeoutMs,
        () => `job ${job} still ${s} after ${timeoutMs} ms: ${readLog(dir, 'slurmctld.log').slice(-2000)}`);
      return s;
    },
    stop,
  };
}

function tryRun(f: () => string): string {
  try {
    return f();
  } catch (e) {
    return String((e as { stderr?: string }).stderr ?? e);
  }
}

function readLog(dir: string, name: string): string {
  const path = join(dir, name);
  return existsSync(path) ? readFileSync(path, 'utf8').slice(-3000) : '';
}

async function until(ok: () => boolean, timeoutMs: number, why: () => string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(why());
    await sleep(200);
  }
}
