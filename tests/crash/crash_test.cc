#include <gtest/gtest.h>
TEST(CrashPlaceholder, Pending) {}
