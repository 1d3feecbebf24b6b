# Desktop integration and the Debian package (cpack -G DEB in the build folder, or
# `packaging/dev-setup.sh package`).
include(GNUInstallDirs)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/perceiver-studio.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/io.github.perceiver_studio.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/perceiver-studio.png
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/256x256/apps)
foreach(data models samples)
  if(EXISTS ${PROJECT_SOURCE_DIR}/resources/${data})
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/${data}/ DESTINATION ${CMAKE_INSTALL_DATADIR}/perceiver-studio/${data})
  endif()
endforeach()

set(CPACK_PACKAGE_NAME "perceiver-studio")
set(CPACK_PACKAGE_VENDOR "Perceiver Studio")
set(CPACK_PACKAGE_CONTACT "Perceiver Studio developers <perceiver-studio@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_GENERATOR "DEB")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_PACKAGE_DESCRIPTION "A Qt desktop application (perceiver-studio) and a command-line tool (perceiver) that run the Hugging Face Perceiver models on the CPU: masked text, image classification, optical flow, video and audio autoencoding, and attention inspection.")
# Shared libraries (Qt, LibTorch, OpenCV, FFmpeg) from dpkg-shlibdeps; what is loaded at run
# time and not linked: the BLAS LibTorch uses and the GStreamer plugins Qt Multimedia plays through.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-pthread, gstreamer1.0-plugins-base, gstreamer1.0-plugins-good, gstreamer1.0-libav, fonts-noto-cjk | fonts-wqy-microhei")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n")
include(CPack)
