// SPDX-License-Identifier: Apache-2.0
#pragma once
// The row layouts kernel_bench measures, made from the population as read. Only
// the order of rows and the numbering of person ids change, never a cell.

#include <civeff/civeff.hpp>

namespace limit {

// Renumbers the person column so that its categories are in id order, as a
// pandas Categorical made from sorted ids has them (bench_frame's frames); the
// rows stay where they are. A CSV reader numbers ids in order of first appearance.
void sort_person_ids(civeff::population& pop);

// The same rows grouped by person, the persons in code order and each person's
// rows in their input order, as an export sorted by person would give them.
civeff::population grouped_by_person(const civeff::population& pop);

}  // namespace limit
