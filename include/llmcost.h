/*
 * llmcost.h - the whole public API of libllmcost. If it is not reachable from this file it
 * is not API. Each module has its own header under llmcost/; this one includes them all.
 */
#ifndef LLMCOST_H
#define LLMCOST_H

#include "llmcost/core.h"
#include "llmcost/usage.h"
#include "llmcost/pricing.h"
#include "llmcost/ledger.h"
#include "llmcost/report.h"
#include "llmcost/agentlog.h"
#include "llmcost/finance.h"
#include "llmcost/tokenizer.h"
#include "llmcost/plan.h"
#include "llmcost/gateway.h"

#endif
