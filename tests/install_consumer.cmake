# Installs the built genzoo into a fresh prefix, builds examples/consumer against it with find_package(genzoo),
# and runs it on the installed pretrained weights. Run by CTest: cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=...
file(REMOVE_RECURSE "${WORK_DIR}")
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "failed (${result}): ${ARGN}\n${out}")
  endif()
endfunction()
run("${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${WORK_DIR}/prefix")
run("${CMAKE_COMMAND}" -S "${SOURCE_DIR}/examples/consumer" -B "${WORK_DIR}/build" -DCMAKE_BUILD_TYPE=Release
    "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix" "-DTorch_DIR=${Torch_DIR}")
run("${CMAKE_COMMAND}" --build "${WORK_DIR}/build")
run("${CMAKE_COMMAND}" -E env "GENZOO_WEIGHTS=${WORK_DIR}/prefix/share/genzoo/weights"
    "${WORK_DIR}/build/consumer" gan "${WORK_DIR}/consumer.png")
if(NOT EXISTS "${WORK_DIR}/consumer.png")
  message(FATAL_ERROR "the consumer wrote no ${WORK_DIR}/consumer.png")
endif()
message(STATUS "consumer built against ${WORK_DIR}/prefix and wrote ${WORK_DIR}/consumer.png")
