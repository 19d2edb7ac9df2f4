#
# SPDX-FileCopyrightText: Copyright (c) 1993-2025 NVIDIA CORPORATION & AFFILIATES. All rights reserved.
# SPDX-License-Identifier: Apache-2.0
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
# http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

from flux.trt.trt_config.base_trt_config import ModuleName, TRTBaseConfig, get_config, register_config
from flux.trt.trt_config.clip_trt_config import ClipConfig
from flux.trt.trt_config.t5_trt_config import T5Config
from flux.trt.trt_config.transformer_trt_config import TransformerConfig
from flux.trt.trt_config.vae_trt_config import VAEDecoderConfig, VAEEncoderConfig

__all__ = [
    "register_config",
    "get_config",
    "ModuleName",
    "TRTBaseConfig",
    "ClipConfig",
    "T5Config",
    "TransformerConfig",
    "VAEDecoderConfig",
    "VAEEncoderConfig",
]
