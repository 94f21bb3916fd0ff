// `npm run bench`: prints each figure as `name: value unit`, one per line.
import { bench as emulatorBench } from './emulator';
import { bench as buildBench } from './build';
import { bench as ticketsBench } from './tickets';
import { bench as passesBench } from './passes';
import { bench as reportsBench } from './reports';
import { bench as questionsBench } from './questions';
import { bench as ordersBench } from './orders';
import { bench as greetingsBench } from './greetings';
import { bench as roundTripsBench } from './round-trips';
import { bench as decorationBench } from './decoration';
import { bench as adminBench } from './admin';
import { bench as patrolBench } from './patrol';

const print = (name: string, value: number, unit: string) => {
  // one token per name, so `name: value unit` lines parse by splitting on spaces
  name = name
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .toLowerCase();
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 3 : 1);
  console.log(`${name}: ${shown} ${unit}`);
};

async function main(): Promise<void> {
  await buildBench(print);
  await emulatorBench(print);
  await ticketsBench(print);
  await passesBench(print);
  await reportsBench(print);
  await questionsBench(print);
  await ordersBench(print);
  await greetingsBench(print);
  await roundTripsBench(print);
  await decorationBench(print);
  await adminBench(print);
  await patrolBench(print);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
