import { summariseTrace } from './jit_trace';

// Lines as V8 11.3 (Node 20) prints them with --trace-opt --trace-deopt.
const compiled = (name: string, ms: string) =>
  `[completed compiling 0x3822caa0e971 <JSFunction ${name ? `${name} ` : ''}(sfi = 0x31c1aba587c1)> (target TURBOFAN) - took ${ms} ms]`;

describe('jit_trace summariseTrace', () => {
  it('counts first compiles and recompiles of the core, from its first batch-level compile on, without the harness', () => {
    const s = summariseTrace([
      compiled('parseSource', '0.009, 16.688, 0.053'), // tsc's, before the core starts
      '[completed compiling 0x3822caa2a859 <JSFunction groupByUser (sfi = 0x31c1aba518e1)> (target TURBOFAN) OSR - took 0.017, 2.769, 0.130 ms]',
      compiled('processAttributeLogin', '0.006, 59.276, 0.294'),
      compiled('makeBatch', '0.010, 20.000, 0.100'),
      compiled('processAttributeLogin', '0.009, 28.663, 0.315'),
      compiled('', '0.001, 0.500, 0.010'),
    ]);
    expect([...s.firstCompiles.keys()]).toEqual(['groupByUser', 'processAttributeLogin', '(anonymous)']);
    expect(s.firstCompiles.get('processAttributeLogin')).toBeCloseTo(59.576, 3);
    expect(s.recompiles.get('processAttributeLogin')).toHaveLength(1);
    expect(s.recompiles.get('processAttributeLogin')![0]).toBeCloseTo(28.987, 3);
    expect(s.recompiles.has('makeBatch')).toBe(false);
  });

  it('lists deopts with function, bytecode offset and reason, and dependency invalidations', () => {
    const s = summariseTrace([
      compiled('judgeUsers', '0.014, 8.729, 0.214'),
      '[bailout (kind: deopt-eager, reason: not a Smi): begin. deoptimizing 0x3822caa0eab1 <JSFunction raise (sfi = 0x31c1aba58951)>, 0x2f08cc692969 <Code TURBOFAN>, opt id 189, bytecode offset 782, deopt exit 22, FP to SP delta 224]',
      '[bailout (kind: deopt-eager, reason: Insufficient type feedback for generic named access): begin. deoptimizing 0x3822caa2a859 <JSFunction groupByUser (sfi = 0x31c1aba518e1)>, 0x0329a5b33b21 <Code TURBOFAN>, opt id 23, bytecode offset 263, deopt exit 1]',
      '[marking dependent code 0x09891a5d3bc9 <Code TURBOFAN> (0x31c1aba58951 <SharedFunctionInfo raise>) (opt id 109) for deoptimization, reason: code dependencies]',
    ]);
    expect(s.deopts).toEqual([
      'raise@782 deopt-eager: not a Smi',
      'groupByUser@263 deopt-eager: Insufficient type feedback for generic named access',
      'raise: code dependencies',
    ]);
  });

  it('says which dependency deopts followed allocation sites being switched to the old generation', () => {
    const site = (decision: string) =>
      `[5809:0x2c5e29b0] pretenuring: AllocationSite(0xeeb000e5491): (created, found, ratio) (530, 530, 1.000000) ${decision}`;
    const marking = (name: string) =>
      `[marking dependent code 0x0eeb000f8641 <Code TURBOFAN> (0x223e9e5bf139 <SharedFunctionInfo ${name}>) (opt id 33) for deoptimization, reason: code dependencies]`;
    const s = summariseTrace([
      compiled('judgeUsers', '0.014, 8.729, 0.214'),
      site('undecided => tenure'),
      site('tenure => tenure'), // no switch: already tenured
      site("undecided => don't tenure"), // no switch: stays in the young generation
      '[5809:0x2c5e29b0] pretenuring: deopt_maybe_tenured=0 visited_sites=26 active_sites=26 mementos=17518 tenured=25 not_tenured=1',
      marking('touchHabit'),
      marking('learnHabits'),
      '[bailout (kind: deopt-eager, reason: wrong map): begin. deoptimizing 0x3822caa0eab1 <JSFunction keysAt (sfi = 0x31c1aba58951)>, 0x2f08cc692969 <Code TURBOFAN>, opt id 189, bytecode offset 5, deopt exit 22',
      marking('judgeEach'), // after something else: not the pretenuring's
      site('tenure => tenure'),
      marking('raise'), // decisions that switched nothing
    ]);
    expect(s.pretenureSwitches).toBe(1);
    expect(s.deopts).toEqual([
      'touchHabit: code dependencies (after 1 allocation sites were pretenured)',
      'learnHabits: code dependencies (after 1 allocation sites were pretenured)',
      'keysAt@5 deopt-eager: wrong map',
      'judgeEach: code dependencies',
      'raise: code dependencies',
    ]);
  });
});
