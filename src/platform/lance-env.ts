import { availableParallelism } from 'node:os';

// LanceDB sizes its CPU thread pool from the core count when its native module loads. With 2 threads
// (a 2-core machine) the full-text index build deadlocks from about 100,000 rows: the build sits at 0 % CPU
// forever with one empty temp file in _indices (seen in lancedb 0.31.0; 4 or 8 threads finish in ~45 s).
// The pool gets at least 8 threads unless the operator chose a size. Every module importing '@lancedb/lancedb'
// imports this one first (ES modules run in import order).
if (!process.env['LANCE_CPU_THREADS']) process.env['LANCE_CPU_THREADS'] = String(Math.max(8, availableParallelism()));
