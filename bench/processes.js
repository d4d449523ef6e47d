// Resident memory and CPU time of the processes that make up the system, read from /proc (Linux only).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** VmRSS of a process in MB (10^6 bytes), or null when it is gone. */
function residentMB(pid) {
  try {
    const kib = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return kib ? Number(((Number(kib[1]) * 1024) / 1e6).toFixed(1)) : null;
  } catch {
    return null;
  }
}

/** VmHWM of a process in MB: the most resident memory it has had since it started (its real peak). */
function peakResidentMB(pid) {
  try {
    const kib = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return kib ? Number(((Number(kib[1]) * 1024) / 1e6).toFixed(1)) : null;
  } catch {
    return null;
  }
}

/** User + system CPU seconds a process has used so far, its name, and its start time (tells a reused id apart). */
function processCpu(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { comm, seconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond, startTime: fields[19] };
  } catch {
    return null;
  }
}

/** Busy and total CPU seconds of the whole machine (all cores). */
function machineCpu() {
  const [, ...values] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const total = values.slice(0, 8).reduce((sum, value) => sum + value, 0);
  const idle = values[3] + values[4];
  return { busy: (total - idle) / ticksPerSecond, total: total / ticksPerSecond };
}

/** A postgres process serves this benchmark unless it is another database's backend (its title names the database). */
function isOtherPostgresBackend(pid) {
  try {
    const title = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    const backend = /^postgres: [^:]+: \S+ (\S+) \S+/.exec(title);
    return Boolean(backend) && !backend[1].startsWith('bench_');
  } catch {
    return false;
  }
}

/**
 * CPU used per part of the system between start() and stop(), in cores (1.0 = one core busy all the time): each
 * service (the keys of `servicePids`), PostgreSQL (server processes and the backends of bench_* databases), RabbitMQ's `beam.smp` (shared:
 * whoever else uses the broker counts here too), this benchmark with its pgbench, `other` (the rest of the machine's
 * busy time: a test run beside the benchmark shows up here), and the machine as a whole. A process that ends in
 * between (a pgbench backend) takes its CPU time with it, so during pgbench only the machine total is meaningful.
 */
class CpuMeter {
  constructor(servicePids) {
    this.servicePids = servicePids;
  }

  groupOf(pid, comm) {
    for (const [name, servicePid] of Object.entries(this.servicePids)) if (servicePid === pid) return name;
    if (pid === process.pid || comm === 'pgbench') return 'benchmark';
    if (comm === 'postgres') return isOtherPostgresBackend(pid) ? 'other' : 'postgres';
    if (comm === 'beam.smp') return 'rabbitmq';
    return 'other';
  }

  read() {
    const processes = new Map();
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const pid = Number(entry);
      const cpu = processCpu(pid);
      if (cpu) processes.set(pid, cpu);
    }
    return { at: process.hrtime.bigint(), processes, machine: machineCpu() };
  }

  start() {
    this.first = this.read();
  }

  stop() {
    const last = this.read();
    const seconds = Number(last.at - this.first.at) / 1e9;
    const services = Object.keys(this.servicePids);
    const used = { ...Object.fromEntries(services.map((name) => [name, 0])), postgres: 0, rabbitmq: 0, benchmark: 0, other: 0 };
    for (const [pid, cpu] of last.processes) {
      const before = this.first.processes.get(pid);
      const delta = cpu.seconds - (before?.startTime === cpu.startTime ? before.seconds : 0);
      if (delta > 0) used[this.groupOf(pid, cpu.comm)] += delta;
    }
    const machineBusy = last.machine.busy - this.first.machine.busy;
    const machineTotal = last.machine.total - this.first.machine.total;
    const machineBusyPercent = Number(((100 * machineBusy) / machineTotal).toFixed(1));
    const machine = (machineBusyPercent / 100) * os.cpus().length;
    // Whatever the machine did beyond the parts that lived throughout: short test runs that came and went count too.
    const servicesUsed = services.reduce((sum, name) => sum + used[name], 0);
    const ours = (servicesUsed + used.postgres + used.rabbitmq + used.benchmark) / seconds;
    const otherAlive = used.other / seconds; // other processes still running at the end: all we know during pgbench
    used.other = Math.max(used.other, (machine - ours) * seconds, 0);
    const twoDigits = (value) => Number(value.toFixed(4)); // cores; 0.01 core is 0.2 ms a booking at 50/s
    const cores = Object.fromEntries(Object.entries(used).map(([group, value]) => [group, twoDigits(value / seconds)]));
    const servicesCores = twoDigits(servicesUsed / seconds);
    return { ...cores, services: servicesCores, otherAlive: twoDigits(otherAlive), machine: twoDigits(machine), machineBusyPercent };
  }
}

/** CPU milliseconds per booking of each part, from cores used at a rate of bookings per second. */
function cpuMsPerBooking(cores, perSecond) {
  const parts = ['bookings', 'coordinator', 'notifications', 'services', 'postgres', 'rabbitmq', 'benchmark', 'other', 'machine'];
  return Object.fromEntries(
    parts
      .filter((part) => part in cores)
      .map((part) => [part, perSecond > 0 ? Number(((cores[part] * 1000) / perSecond).toFixed(2)) : null]),
  );
}

module.exports = { residentMB, peakResidentMB, CpuMeter, cpuMsPerBooking };
