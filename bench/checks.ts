/** What the benchmark fails on, in every round: loss, duplicates, refusals, the JavaScript budget. */
import { config, FIRST_LOAD_JS_BUDGET_BYTES } from './config';
import type { BenchRuns } from './results';

export function findProblems(runs: BenchRuns): string[] {
  const { oneRoom, manyRooms, floodRuns, twoNodeRuns, signInRuns, uploadRuns, js, page } = runs;
  const { botPostRuns, pushRuns } = runs;
  // Correctness holds in every round, not only in the medians.
  const allParleySteps = [
    ...oneRoom.parley.flat(),
    ...manyRooms.parley.flat(),
    ...twoNodeRuns.flat(),
    ...signInRuns.with.flat(),
    ...signInRuns.without.flat(),
    ...uploadRuns.with.flat(),
    ...uploadRuns.without.flat(),
    ...botPostRuns.with.flat(),
    ...botPostRuns.without.flat(),
    ...pushRuns.with.flat(),
    ...pushRuns.without.flat(),
  ];
  const floodSteps = floodRuns.flat();
  const duplicates = allParleySteps.reduce((sum, s) => sum + s.duplicates, 0);
  const refused = allParleySteps.reduce((sum, s) => sum + s.refused, 0);
  const lowestRateLoss = oneRoom.parley.map((steps) =>
    steps[0] ? steps[0].expected - steps[0].delivered : 0,
  );

  const problems: string[] = [];
  if (duplicates > 0) problems.push(`Parley delivered ${duplicates} duplicates`);
  const floodDuplicates = floodSteps.reduce((sum, s) => sum + s.duplicates, 0);
  const floodLoss = floodSteps.reduce((sum, s) => sum + (s.expected - s.delivered), 0);
  if (floodDuplicates > 0) problems.push(`${floodDuplicates} duplicates during the flood`);
  if (floodLoss > 0) problems.push(`${floodLoss} deliveries lost during the flood`);
  // Other users' sends are never refused because of someone else's flood.
  const othersRefused = floodSteps.reduce((sum, s) => sum + s.refused, 0);
  if (othersRefused > 0) problems.push(`${othersRefused} sends refused during the flood`);
  if (refused > 0) problems.push(`Parley refused ${refused} sends`);
  if (lowestRateLoss.some((loss) => loss > 0))
    problems.push(`Parley lost messages at ${config.oneRoom.rates[0]} msg/s`);
  const twoNodeLoss = twoNodeRuns.map((steps) =>
    steps[0] ? steps[0].expected - steps[0].delivered : 0,
  );
  if (twoNodeLoss.some((loss) => loss > 0))
    problems.push(`two nodes lost messages at ${config.twoNodes.rates[0]} msg/s`);
  const signInSteps = signInRuns.with.flat();
  const signInFailures = signInSteps.reduce((sum, s) => sum + s.sideFailed, 0);
  if (signInFailures > 0) problems.push(`${signInFailures} sign-ins failed during the load`);
  if (signInSteps.some((s) => s.sideDone === 0)) problems.push('no sign-in completed in a step');
  const uploadSteps = uploadRuns.with.flat();
  const uploadFailures = uploadSteps.reduce((sum, s) => sum + s.sideFailed, 0);
  if (uploadFailures > 0) problems.push(`${uploadFailures} uploads failed during the load`);
  const uploadsDone = uploadSteps.map((s) => s.sideDone);
  if (uploadsDone.some((done) => done !== config.uploads.files.count))
    problems.push(`uploads completed per step: ${uploadsDone.join(', ')}`);
  // A post refused, or a repeat answered with another message (a duplicate), fails the run.
  const botPostFailures = botPostRuns.with.flat().reduce((sum, s) => sum + s.sideFailed, 0);
  if (botPostFailures > 0) problems.push(`${botPostFailures} bot posts failed during the load`);
  if (botPostRuns.with.flat().some((s) => s.sideDone === 0)) {
    problems.push('no bot post completed in a step');
  }
  // A post refused, or a push the service could not verify or decrypt, fails the run.
  const pushFailures = pushRuns.with.flat().reduce((sum, s) => sum + s.sideFailed, 0);
  if (pushFailures > 0) problems.push(`${pushFailures} pages or pushes failed during the load`);
  if (pushRuns.with.flat().some((s) => s.sideDone === 0)) {
    problems.push('no push arrived in a step');
  }
  const shown = page.incomingDelivered;
  const incoming = page.incomingRate * page.incomingSeconds;
  if (shown !== incoming)
    problems.push(`the page showed ${shown} of ${incoming} incoming messages`);
  // Not a timing: the same build always weighs the same, so the quick pass holds the budget too.
  if (js.gzipBytes > FIRST_LOAD_JS_BUDGET_BYTES)
    problems.push(
      `the chat page's first-load JavaScript is ${js.gzipBytes} bytes gzipped, over the budget of ${FIRST_LOAD_JS_BUDGET_BYTES}`,
    );
  return problems;
}
