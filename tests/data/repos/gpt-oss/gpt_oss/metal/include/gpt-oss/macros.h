#pragma once

#ifndef GPTOSS_ABI
    #define GPTOSS_ABI
#endif  // GPTOSS_ABI
