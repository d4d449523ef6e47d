// Loaded with -r into a service the benchmark starts: on the benchmark's word (IPC) it starts V8's sampling profiler
// in this process and, on the next word, writes the .cpuprofile (the format of `node --cpu-prof`) and answers with
// its path. Unlike --cpu-prof, which records a process's whole life, this covers one phase of the run only.
const fs = require('node:fs');
const inspector = require('node:inspector');

let session;

function post(method, params) {
  return new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

async function start({ intervalUs = 1000 }) {
  session ??= new inspector.Session();
  session.connect();
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: intervalUs });
  await post('Profiler.start');
}

async function stop({ file }) {
  const { profile } = await post('Profiler.stop');
  await post('Profiler.disable');
  session.disconnect();
  fs.writeFileSync(file, JSON.stringify(profile));
  return file;
}

if (process.send && process.env.BENCH_PG_PROBE === 'ipc') {
  process.on('message', (message) => {
    if (message?.profile !== 'start' && message?.profile !== 'stop') return;
    const work = message.profile === 'start' ? start(message) : stop(message);
    work.then(
      (data) => process.send({ profile: message.profile, id: message.id, data }),
      (error) => process.send({ profile: message.profile, id: message.id, error: error.message }),
    );
  });
}
