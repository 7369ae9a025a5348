// SPDX-License-Identifier: Apache-2.0
// Columns from C++ to Python without a Python object per row: a std::vector
// handed to numpy as it is (no copy), and short lists of distinct strings.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <vector>

namespace civeff::python {

// `v` as a 1-d numpy array that owns it (moved to the heap, freed with the array).
template <class T>
pybind11::array_t<T> to_numpy(std::vector<T>&& v) {
  auto* heap = new std::vector<T>(std::move(v));
  const pybind11::capsule owner(heap, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return pybind11::array_t<T>({static_cast<pybind11::ssize_t>(heap->size())},
                              {static_cast<pybind11::ssize_t>(sizeof(T))}, heap->data(), owner);
}

// A list of str.
template <class String>
pybind11::list to_list(const std::vector<String>& v) {
  pybind11::list out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = pybind11::str(v[i]);
  return out;
}

}  // namespace civeff::python
