// The arithmetic of perpetual valuation, without I/O: what an outgoing quantity is worth under
// FIFO, average or standard costing, and how the incoming layers it consumes change.
//
// Units: quantities are Quantity-scaled integers (10^6), values are integer minor units of the
// company currency, unit costs are UnitPrice-scaled integers (10^6 per unit). Every division
// rounds once, half-up; the rounding residue stays in the layers, so that after any sequence of
// moves the sum of remaining values is exactly what was posted in minus what was posted out.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "core/status.h"

namespace concord::inventory {

// An incoming layer with quantity still in stock, oldest first.
struct OpenLayer {
  int64_t id = 0;
  int64_t remaining_qty = 0;
  int64_t remaining_value = 0;
};

// What consuming stock did: the value taken out and the layers' new remainders.
struct Consumption {
  int64_t value = 0;
  std::vector<OpenLayer> changed;  // only layers whose remainders changed
};

// FIFO: `qty` taken from the oldest layers first; a layer emptied gives its whole remaining
// value (its rounding residue included), a layer partly taken gives value × taken / remaining.
// Internal "inventory.valuation_out_of_sync" if the layers hold less than `qty`.
Result<Consumption> ConsumeFifo(const std::vector<OpenLayer>& layers, int64_t qty);

// Average and standard costing: the layers are one pool. `qty` leaves at `out_value` (see
// PoolValue); the quantity comes off the oldest layers and the pool's remaining value is spread
// over the layers that keep quantity, in proportion to it (largest remainder), so every layer
// holds the pool's cost.
Result<Consumption> ConsumePool(const std::vector<OpenLayer>& layers, int64_t qty,
                                int64_t out_value);

// The value of `qty` out of a pool of `pool_qty` worth `pool_value`: the whole pool value when
// everything leaves, else pool_value × qty / pool_qty.
Result<int64_t> AverageValue(int64_t pool_qty, int64_t pool_value, int64_t qty);

// unit_cost (scale 6) × qty (scale 6) in minor units of a currency with `minor_units` decimals.
Result<int64_t> ValueAt(int64_t unit_cost, int64_t qty, int minor_units);

// The unit cost (scale 6) of `value` minor units for `qty`; 0 for a zero quantity.
Result<int64_t> UnitCostOf(int64_t value, int64_t qty, int minor_units);

// The part of `value` that belongs to `part` of `whole` (a return of part of a delivery):
// value × part / whole. Callers give the exact remainder when the last part is taken.
Result<int64_t> ShareOf(int64_t value, int64_t part, int64_t whole);

}  // namespace concord::inventory
