/*
 * test_train.c - training and fine-tuning estimators against ECONOMICS.md reference cases
 * 7-10 (GPT-3 FLOPs, Llama 2 70B MFU, Megatron-LM days, ZeRO memory), Chinchilla, DeepSeek-V3
 * cost, LoRA/QLoRA published figures, and bad input.
 */
#include "src/plan/tests/plan_test.h"

static lc_train_in base_in(void)
{
	lc_train_in in = {0};
	in.gpus = 1;
	in.peak_flops = 312e12;
	in.mfu = 0.4;
	in.goodput = 1;
	in.pue = 1;
	in.power_w = 400;
	return in;
}

/* Case 7: 6 x 175e9 x 300e9 = 3.15e23, reported 3.14e23 (within 2%). */
TEST(plan_train_gpt3_flops)
{
	lc_train_in in = base_in();
	lc_train_out out;
	in.params = 175e9;
	in.tokens = 300e9;
	CHECK_INT(lc_plan_train(&in, &out, NULL), 0);
	CHECK_NEAR(out.flops, 3.15e23, 1e-9);
	CHECK_NEAR(out.flops, 3.14e23, 0.02);
}

/* Case 8: Llama 2 70B, 1,720,320 A100 GPU-hours for 2T tokens: 133.7 TFLOP/s, 42.8% MFU. */
TEST(plan_train_llama2_70b_mfu)
{
	lc_train_in in = base_in();
	lc_train_out out;
	const lc_model *m = lc_model_find("llama-2-70b");
	double gpu_s = 1720320.0 * 3600;
	in.params = m->params_total;
	in.tokens = 2e12;
	in.achieved_flops = 6 * in.params * in.tokens / gpu_s; /* what the card implies */
	CHECK_NEAR(in.achieved_flops, 133.7e12, 0.001);
	CHECK_INT(lc_plan_train(&in, &out, NULL), 0);
	CHECK_NEAR(out.mfu, 0.428, 0.002);
	CHECK_NEAR(out.gpu_hours, 1720320, 1e-9);
	/* and the other way round: at 42.8% MFU the estimator gives the card's GPU-hours */
	in.achieved_flops = 0;
	in.mfu = 0.4286;
	CHECK_INT(lc_plan_train(&in, &out, NULL), 0);
	CHECK_NEAR(out.gpu_hours, 1720320, 0.002);
}

/* Case 9: Megatron-LM 175B, 300B tokens, 8ND, 768 A100 at 149 TFLOP/s: 42.4 days (~43). */
TEST(plan_train_megatron_days)
{
	lc_train_in in = base_in();
	lc_train_out out;
	in.params = 175e9;
	in.tokens = 300e9;
	in.recompute = 1;
	in.gpus = 768;
	in.achieved_flops = 149e12;
	CHECK_INT(lc_plan_train(&in, &out, NULL), 0);
	CHECK_NEAR(out.flops, 4.2e23, 1e-9);
	CHECK_NEAR(out.days, 42.4, 0.005);
	CHECK_NEAR(out.days, 43, 0.02);
	in.gpus = 384;
	in.achieved_flops = 153e12;
	/* the paper's days are rounded up whole days: 3% */
	CHECK_INT(lc_plan_train(&in, &out, NULL), 0);
	CHECK_NEAR(out.days, 84, 0.03);
	in.gpus = 1536;
	in.achieved_flops = 141e12;
	CHECK_INT(lc_plan_train(&in, &out, NULL), 0);
	CHECK_NEAR(out.days, 23, 0.03);
}

/* Case 10: ZeRO paper Figure 1, 7.5B params, 64 GPUs: 120 / 31.4 / 16.6 / 1.9 GB. */
TEST(plan_train_zero_memory)
{
	lc_train_in in = base_in();
	lc_train_out out;
	in.params = 7.5e9;
	in.tokens = 1e9;
	in.gpus = 64;
	CHECK_INT(lc_plan_train(&in, &out, NULL), 0);
	CHECK_NEAR(out.mem_gb[0], 120.0, 0.001);
	CHECK_NEAR(out.mem_gb[1], 31.4, 0.005); /* the paper rounds to 0.1 GB */
	CHECK_NEAR(out.mem_gb[2], 16.6, 0.005);
	CHECK_NEAR(out.mem_gb[3], 1.9, 0.02);
}

/* Chinchilla Table 3 rows (D/N in the table drifts around 20, hence 5%). */
TEST(plan_train_chinchilla)
{
	double n, d;
	lc_plan_chinchilla(1.21e20, &n, &d);
	CHECK_NEAR(n, 1e9, 0.05);
	CHECK_NEAR(d, 20.2e9, 0.05);
	lc_plan_chinchilla(5.76e23, &n, &d);
	CHECK_NEAR(n, 67e9, 0.05);
	lc_plan_chinchilla(3.85e24, &n, &d);
	CHECK_NEAR(n, 175e9, 0.05);
	CHECK_NEAR(d, 3.7e12, 0.05);
}

/* DeepSeek-V3: 2.788M H800 GPU-hours at $2 = $5.576M, exactly. */
TEST(plan_train_cost_is_exact)
{
	lc_money price, cost;
	CHECK_INT(lc_money_parse("2", (size_t)-1, &price), 0);
	CHECK_INT(lc_plan_price_quantity(price, 2788000, &cost), 0);
	CHECK_MONEY(cost, "5576000");
	CHECK_INT(lc_money_parse("2.49", (size_t)-1, &price), 0);
	CHECK_INT(lc_plan_price_quantity(price, 0.1234565, &cost), 0); /* rounds to 0.123456 */
	CHECK_MONEY(cost, "0.30740544");
	CHECK_INT(lc_plan_price_quantity(price, -1, &cost), LC_RANGE);
	CHECK_INT(lc_plan_price_quantity(price, NAN, &cost), LC_RANGE);
	CHECK_INT(lc_plan_price_quantity(price, 1e20, &cost), LC_RANGE);
}

/* Llama 3.1 405B: 6ND = 3.79e25 vs 3.8e25 reported; 400 TF/GPU gives 26.3M GPU-hours. */
TEST(plan_train_llama31_405b)
{
	lc_train_in in = base_in();
	lc_train_out out;
	in.params = 405e9;
	in.tokens = 15.6e12;
	in.peak_flops = 989e12;
	in.achieved_flops = 400e12;
	in.gpus = 16384;
	CHECK_INT(lc_plan_train(&in, &out, NULL), 0);
	CHECK_NEAR(out.flops, 3.8e25, 0.01);
	CHECK_NEAR(out.gpu_hours, 26.3e6, 0.005);
	CHECK_NEAR(out.mfu, 400.0 / 989, 1e-9);
}

TEST(plan_train_energy)
{
	lc_train_in in = base_in();
	lc_train_out out;
	in.flops = 3600 * 312e12 * 0.4 * 1000; /* 1000 GPU-hours */
	in.power_w = 700;
	in.pue = 1.3;
	CHECK_INT(lc_plan_train(&in, &out, NULL), 0);
	CHECK_NEAR(out.gpu_hours, 1000, 1e-12);
	CHECK_NEAR(out.energy_kwh, 910, 1e-12);
}

TEST(plan_train_bad_input)
{
	lc_train_in in = base_in();
	lc_train_out out;
	lc_error err = {0};
	in.params = 7e9;
	in.tokens = 0;
	CHECK_INT(lc_plan_train(&in, &out, &err), LC_RANGE);
	in.tokens = 1e12;
	in.params = -1;
	CHECK_INT(lc_plan_train(&in, &out, &err), LC_RANGE);
	in.params = 1e16; /* absurd */
	CHECK_INT(lc_plan_train(&in, &out, &err), LC_RANGE);
	in.params = 7e9;
	in.mfu = 1.5;
	CHECK_INT(lc_plan_train(&in, &out, &err), LC_RANGE);
	in.mfu = 0.4;
	in.gpus = 0;
	CHECK_INT(lc_plan_train(&in, &out, &err), LC_RANGE);
	in.gpus = 8;
	in.achieved_flops = 400e12; /* above the A100's 312 dense: it must be a sparse figure */
	CHECK_INT(lc_plan_train(&in, &out, &err), LC_RANGE);
	CHECK(strstr(err.msg, "dense peak") != NULL);
}

/* LoRA paper: GPT-3 175B, r = 4 on W_q and W_v: ~10,000x fewer trainable parameters,
 * 350 GB of fp16 weights, a ~35 MB checkpoint. */
TEST(plan_finetune_lora_gpt3)
{
	lc_finetune_in in = {0};
	lc_finetune_out out;
	in.model = lc_model_find("gpt-3-175b");
	in.method = LC_FT_LORA;
	in.rank = 4;
	in.targets = LC_LORA_Q | LC_LORA_V;
	in.dataset_tokens = 1e9;
	in.epochs = 1;
	in.seq_len = 2048;
	in.micro_batch = 1;
	in.checkpointing = 1;
	in.gpus = 8;
	in.gpu_mem_gb = 80;
	in.peak_flops = 312e12;
	in.mfu = 0.4;
	CHECK_INT(lc_plan_lora_params(in.model, 4, LC_LORA_Q | LC_LORA_V), 18874368);
	CHECK_INT(lc_plan_finetune(&in, &out, NULL), 0);
	CHECK_NEAR(in.model->params_total / out.trainable_params, 10000, 0.1);
	CHECK_NEAR(out.weights_gb, 350, 0.001);
	CHECK_NEAR(out.adapter_mb, 35, 0.1);
	CHECK(!out.fits); /* 350 GB of frozen weights on one 80 GB GPU */
}

/* QLoRA: a 65B model fine-tunes on one 48 GB GPU; full 16-bit needs more than 780 GB. */
TEST(plan_finetune_qlora_65b)
{
	lc_model m = *lc_model_find("llama-2-70b");
	lc_finetune_in in = {0};
	lc_finetune_out out;
	m.layers = 80;
	m.hidden = 8192;
	m.heads = 64;
	m.kv_heads = 64;
	m.intermediate = 22016;
	lc_model_count_params(&m); /* LLaMA-65B shape */
	CHECK_NEAR(m.params_total, 65.3e9, 0.01);
	in.model = &m;
	in.method = LC_FT_QLORA;
	in.rank = 16;
	in.targets = LC_LORA_ALL;
	in.dataset_tokens = 1e8;
	in.epochs = 1;
	in.seq_len = 512;
	in.micro_batch = 1;
	in.checkpointing = 1;
	in.gpus = 1;
	in.gpu_mem_gb = 48;
	in.peak_flops = 362e12;
	in.mfu = 0.3;
	CHECK_INT(lc_plan_finetune(&in, &out, NULL), 0);
	CHECK(out.fits);
	CHECK_NEAR(out.weights_gb, 0.516 * 65.3 + 2 * out.trainable_params / 1e9, 0.01);
	in.method = LC_FT_FULL;
	in.gpu_mem_gb = 780;
	CHECK_INT(lc_plan_finetune(&in, &out, NULL), 0);
	CHECK(out.total_gb > 780 && !out.fits);
}

TEST(plan_finetune_time_and_zero)
{
	lc_finetune_in in = {0};
	lc_finetune_out out;
	in.model = lc_model_find("llama-3.1-8b");
	in.method = LC_FT_FULL;
	in.dataset_tokens = 1e9;
	in.epochs = 3;
	in.seq_len = 4096;
	in.micro_batch = 1;
	in.gpus = 8;
	in.zero_stage = 3;
	in.gpu_mem_gb = 80;
	in.peak_flops = 989e12;
	in.mfu = 0.4;
	CHECK_INT(lc_money_parse("2", (size_t)-1, &in.price), 0);
	CHECK_INT(lc_plan_finetune(&in, &out, NULL), 0);
	CHECK_NEAR(out.weights_gb + out.grads_gb + out.optimizer_gb, 16 * 8.03 / 8, 1e-9);
	CHECK_NEAR(out.flops_per_epoch, 6 * 8.03e9 * 1e9, 1e-9);
	CHECK_NEAR(out.gpu_hours_per_epoch, 6 * 8.03e18 / (0.4 * 989e12) / 3600, 1e-9);
	CHECK_NEAR(out.hours_per_epoch, out.gpu_hours_per_epoch / 8, 1e-12);
	CHECK(out.fits);
	in.zero_stage = 0;
	CHECK_INT(lc_plan_finetune(&in, &out, NULL), 0);
	CHECK(!out.fits); /* 128 GB of model state on an 80 GB GPU */
	in.zero_stage = 4;
	CHECK_INT(lc_plan_finetune(&in, &out, NULL), LC_RANGE);
}
