// Loads a pretrained genzoo model and writes a grid of its samples: consumer [MODEL] [OUT.png]
#include <genzoo/genzoo.h>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
  const std::string name = argc > 1 ? argv[1] : "gan";
  const std::string out = argc > 2 ? argv[2] : "consumer.png";
  try {
    auto model = genzoo::load_pretrained(name);  // weights/, $GENZOO_WEIGHTS or the installed share/genzoo/weights
    genzoo::save_grid(model->sample(16, /*seed=*/0), out, 4);
    std::cout << "wrote 16 " << name << " samples to " << out << "\n";
  } catch (const std::exception& e) {
    std::cerr << "consumer: " << e.what() << "\n";
    return 1;
  }
}
