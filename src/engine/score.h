/*
 * XCCDF 1.2 scoring (section 7.3 of the specification): default, flat,
 * flat-unweighted and absolute, as pure functions of the rule results and
 * the benchmark's group tree and weights.
 */
#ifndef DA_SCORE_H
#define DA_SCORE_H

#include "engine/result.h"

/* Compute all four models into R->scores. */
void da_score_all(struct da_results *r);
/* One model. */
struct da_score da_score_compute(const struct da_results *r, enum da_score_model m);
/* The model named NAME ("flat-unweighted"), or -1. */
int da_score_model_parse(const char *name);

#endif
