// A three-node RabbitMQ cluster on this machine, for the fault suite's node-loss scenario: separate node names, AMQP
// and distribution ports and data directories, the installed broker's Erlang cookie (the nodes run as its user, as
// the installed node does). Started and removed by the suite; the installed node at 5672 is left alone.
'use strict';
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');

const run = promisify(execFile);
const NODES = [1, 2, 3].map((i) => ({ name: `faults${i}@localhost`, amqpPort: 5690 + i, distPort: 25690 + i }));

class RabbitCluster {
  constructor(baseDir = path.join(os.tmpdir(), 'faults-rabbitmq-cluster')) {
    this.baseDir = baseDir;
    this.nodes = NODES;
  }

  /** AMQP URLs of the nodes, `first` first (a client tries them in this order). */
  urls(first = 0) {
    const order = [...this.nodes.slice(first), ...this.nodes.slice(0, first)];
    return order.map((node) => `amqp://guest:guest@127.0.0.1:${node.amqpPort}`).join(',');
  }

  async start() {
    await this.remove();
    fs.mkdirSync(this.baseDir, { recursive: true });
    for (const node of this.nodes) this.prepare(node);
    await run('chown', ['-R', 'rabbitmq:rabbitmq', this.baseDir]).catch(() => undefined);
    for (const node of this.nodes) await this.startNode(node);
    for (const node of this.nodes.slice(1)) {
      await this.ctl(node, 'stop_app');
      await this.ctl(node, 'join_cluster', this.nodes[0].name);
      await this.ctl(node, 'start_app');
    }
  }

  /** The node that leads a quorum queue (where its writes are ordered), or undefined. */
  async leaderOf(queue) {
    const { stdout } = await this.ctl(this.nodes[0], 'list_queues', 'name', 'leader', '--quiet', '--no-table-headers');
    const line = stdout.split('\n').find((l) => l.split(/\s+/)[0] === queue);
    const leader = line?.split(/\s+/)[1];
    return this.nodes.find((node) => node.name === leader);
  }

  async stopNode(node) {
    await this.ctl(node, 'stop');
  }

  async startNode(node) {
    await run('rabbitmq-server', ['-detached'], { env: { ...process.env, ...this.environment(node) }, cwd: '/tmp' });
    // await_startup needs a running node: until the detached node has registered, it answers "not running at all".
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        await this.ctl(node, 'await_startup', '--timeout', '120');
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  async remove() {
    for (const node of this.nodes) await this.ctl(node, 'stop').catch(() => undefined);
    fs.rmSync(this.baseDir, { recursive: true, force: true });
  }

  prepare(node) {
    const dir = path.join(this.baseDir, node.name.split('@')[0]);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'rabbitmq.conf'), `listeners.tcp.local = 127.0.0.1:${node.amqpPort}\nloopback_users = none\n`);
    fs.writeFileSync(path.join(dir, 'enabled_plugins'), '[].\n');
  }

  environment(node) {
    const dir = path.join(this.baseDir, node.name.split('@')[0]);
    return {
      RABBITMQ_NODENAME: node.name,
      RABBITMQ_NODE_PORT: String(node.amqpPort),
      RABBITMQ_DIST_PORT: String(node.distPort),
      RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'),
      RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
      RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
      RABBITMQ_LOG_BASE: path.join(dir, 'log'),
      RABBITMQ_PID_FILE: path.join(dir, 'pid'),
    };
  }

  ctl(node, ...args) {
    return run('rabbitmqctl', ['-n', node.name, ...args], { timeout: 150_000 });
  }
}

module.exports = { RabbitCluster };
