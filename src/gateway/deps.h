/*
 * deps.h - how the gateway refers to the modules below it that are developed on other
 * branches (ledger, pricing, usage normalizers). With their sources present (module.mk
 * defines LC_GW_LINKED_DEPS) the references are ordinary; without them they are weak, so
 * the library still links and lc_gw_create refuses to start with a clear message.
 * GW_HAVE(fn) says whether fn can be called.
 */
#ifndef LC_GW_DEPS_H
#define LC_GW_DEPS_H

#include "llmcost/ledger.h"

#ifdef LC_GW_LINKED_DEPS
#define GW_HAVE(fn) 1
#else
#pragma weak lc_price_usage
#pragma weak lc_usage_from_response
#pragma weak lc_catalog_open_default
#pragma weak lc_catalog_free
#pragma weak lc_ledger_open
#pragma weak lc_ledger_each
#pragma weak lc_ledger_url
#pragma weak lc_ledger_close
#pragma weak lc_ledger_begin
#pragma weak lc_ledger_commit
#pragma weak lc_ledger_rollback
#pragma weak lc_ledger_put
#define GW_HAVE(fn) ((fn) != NULL)
#endif

#endif
