/**
 * Wall time over CPU time of a 200 ms busy loop on this thread: 1 when the process has a core to
 * itself, ~10 when ten times more threads want the CPU than there are cores. Timing bounds in
 * tests are multiplied by it, so a shared machine does not fail them; a thread that is really
 * blocked still does, since its wait stretches by the same factor.
 */
export function starvation(): number {
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  let x = 0;
  while (performance.now() - wall0 < 200) x += Math.sqrt(x + 1);
  const cpu = process.cpuUsage(cpu0);
  return Math.max(1, (performance.now() - wall0) / Math.max(1, (cpu.user + cpu.system) / 1000));
}
