/*
 * agent_cmd.h - what `llmcost claude` and `llmcost codex` share (agent_cmd.c): find the
 * agent's logs, import them incrementally into a cache ledger, print a report.
 */
#ifndef LLMCOST_CLI_AGENT_CMD_H
#define LLMCOST_CLI_AGENT_CMD_H

#include "cli.h"

int agent_cmd_run(lc_agent agent, int argc, char **argv);

#endif
